using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Gatehouse.Login;

/// <summary>
/// ASP.NET Core's rate limiter on the login's form posts, one fixed window per client address: without it one client
/// created over a thousand sessions in five seconds through <c>/ui/login</c> (SECURITY.md, session flood). Over the
/// limit the answer is 429 with <c>Retry-After</c> and nothing is done. The address is the connection's, or the one
/// the trusted proxy in front reports when forwarded headers are configured.
/// </summary>
internal static class LoginRateLimit
{
    public const string Policy = "gatehouse.login";

    public static IServiceCollection AddGatehouseLoginRateLimit(this IServiceCollection services, LoginSettings settings) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, http => settings.RateLimitPermits == 0
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.RateLimitPermits,
                    Window = settings.RateLimitWindow,
                    QueueLimit = 0,
                }));
            options.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : settings.RateLimitWindow;
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await LoginPage.Show<Pages.TooManyPage>(http, new Dictionary<string, object?> { [nameof(Pages.TooManyPage.Seconds)] = seconds },
                    StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            };
        });
}
