namespace Gatehouse.Oidc;

/// <summary>
/// <c>max_age</c> (OpenID Connect Core §3.1.2.1): a sign-in older than the application allows MUST be repeated, so the
/// application gets a fresh <c>auth_time</c> instead of looping on a token it rejects. <c>max_age=0</c> always asks.
/// </summary>
internal static class SignInAge
{
    public static bool IsTooOld(DateTimeOffset? authenticatedAt, long? maxAgeSeconds, DateTimeOffset now) =>
        maxAgeSeconds is { } maxAge && (authenticatedAt is not { } at || now - at > TimeSpan.FromSeconds(Math.Max(maxAge, 0)));
}
