using Grpc.Core;

namespace Gatehouse.Transport;

/// <summary>
/// ZITADEL's v2 option sets 201 for CreateSession over REST. Transcoding writes 200 after the handler returns, so the
/// status is changed just before the response starts; native gRPC and gRPC-web always stay at HTTP 200.
/// </summary>
internal static class RestStatus
{
    public static void Created(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            return;
        }

        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status200OK)
            {
                http.Response.StatusCode = StatusCodes.Status201Created;
            }

            return Task.CompletedTask;
        });
    }
}
