using System.Text;

namespace Gatehouse.Api;

/// <summary>
/// Unknown REST paths answer like grpc-gateway: 404 <c>{"code":5,"message":"Not Found"}</c>. A known path with the
/// wrong method gets ASP.NET Core's 405, which is rewritten to grpc-gateway's body by <see cref="UseMethodNotAllowedBody"/>.
/// </summary>
internal static class RestFallback
{
    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, """{"code":5,"message":"Not Found"}""");

    public static IApplicationBuilder UseMethodNotAllowedBody(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
            context.HttpContext.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
                ? WriteAsync(context.HttpContext, StatusCodes.Status405MethodNotAllowed, """{"code":12,"message":"Method Not Allowed"}""")
                : Task.CompletedTask);

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, Encoding.UTF8);
    }
}
