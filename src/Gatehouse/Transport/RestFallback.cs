using System.Text;

namespace Gatehouse.Transport;

/// <summary>
/// HTTP-level refusals in grpc-gateway's words: an unknown path is 404 <c>{"code":5,"message":"Not Found"}</c>, a known
/// path with the wrong method 405 <c>{"code":12,"message":"Method Not Allowed"}</c>, and a body over the limit 413,
/// refused before it is read.
/// </summary>
internal static class RestFallback
{
    public static IApplicationBuilder UseGatewayStatusBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => WriteAsync(context.HttpContext, StatusCodes.Status404NotFound, """{"code":5,"message":"Not Found"}"""),
            StatusCodes.Status405MethodNotAllowed => WriteAsync(context.HttpContext, StatusCodes.Status405MethodNotAllowed, """{"code":12,"message":"Method Not Allowed"}"""),
            _ => Task.CompletedTask,
        });

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use((context, next) =>
            // gRPC clients get ResourceExhausted from the gRPC layer's own message size limit instead.
            context.Request.ContentLength > maxBytes
                && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
                ? WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                    $$"""{"code":3,"message":"request body too large: the limit is {{maxBytes}} bytes"}""")
                : next(context));

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, Encoding.UTF8);
    }
}
