using System.Text.Json.Nodes;

namespace Gatehouse.Transport;

/// <summary>
/// Three differences between ASP.NET Core's JSON transcoding and ZITADEL's grpc-gateway, mended at the HTTP edge:
/// an empty body where the rule says <c>body: "*"</c> is <c>{}</c> there (transcoding refuses it); a body sent with
/// another content type (curl's <c>-d</c> defaults to a form type) is read as JSON, as the gateway's catch-all
/// marshaler does; and error bodies omit an empty <c>details</c> list (transcoding writes <c>"details":[]</c>).
/// gRPC and gRPC-web pass untouched.
/// </summary>
internal static class JsonRequestNormalization
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static IApplicationBuilder UseJsonRequestNormalization(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
                || HttpMethods.IsOptions(request.Method))
            {
                await next(context);
                return;
            }

            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0)
            {
                request.ContentType = "application/json";
                request.ContentLength = EmptyObject.Length;
                request.Body = new MemoryStream(EmptyObject, writable: false);
            }
            else if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                request.ContentType = "application/json";
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            buffer.Position = 0;
            if (context.Response.StatusCode >= 400 && buffer.Length > 0
                && context.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                && JsonNode.Parse(buffer) is JsonObject body && body["details"] is JsonArray { Count: 0 })
            {
                body.Remove("details");
                var bytes = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
                context.Response.ContentLength = bytes.Length;
                await original.WriteAsync(bytes, context.RequestAborted);
                return;
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });
}
