
namespace Gatehouse.Transport;

/// <summary>
/// Every API answer is personal and must not be cached (docs/zitadel-wire.md §1.4). The REST gateway in ZITADEL repeats the
/// values with the <c>grpc-metadata-</c> prefix; we send both on every protocol, which clients ignore if unused.
/// </summary>
internal static class NoStoreHeaders
{
    public static IApplicationBuilder UseNoStoreHeaders(this IApplicationBuilder app, TimeProvider time) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var expires = time.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.Expires = expires;
                headers["grpc-metadata-cache-control"] = "no-store";
                headers["grpc-metadata-pragma"] = "no-cache";
                headers["grpc-metadata-expires"] = expires;
                return Task.CompletedTask;
            });
            return next(context);
        });
}
