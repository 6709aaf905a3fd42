namespace Gatehouse.Oidc;

/// <summary>
/// The rule for JWT assertions of the JWT profile grant (RFC 7523 §3, docs/zitadel-wire.md §12.2), as a pure check:
/// the machine user names itself (<c>iss</c> = <c>sub</c>, no delegation, as ZITADEL), the audience is this issuer as
/// an exact string, and the assertion is short-lived — it expires at most an hour after now and was not issued in the
/// future or more than an hour ago, with a minute of clock skew either way. An assertion that lived longer would be a
/// long-lived password in disguise; the replay store (<see cref="UsedAssertions"/>) keeps each one only until it expires.
/// </summary>
internal static class AssertionRule
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    /// <summary>Why the assertion is refused (an <c>error_description</c>), or null when it may be checked further.</summary>
    public static string? Problem(AssertionClaims claims, string issuer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var at = now.ToUnixTimeSeconds();
        var skew = (long)Skew.TotalSeconds;
        var lifetime = (long)MaxLifetime.TotalSeconds;
        return claims switch
        {
            { KeyId: null or "" } => "The assertion names no key (kid).",
            { Issuer: null or "" } or { Subject: null or "" } => "The assertion needs iss and sub.",
            _ when claims.Issuer != claims.Subject => "iss and sub of the assertion must both be the user id.",
            _ when !claims.Audiences.Contains(issuer, StringComparer.Ordinal) => $"The assertion's aud must be the issuer {issuer}.",
            { ExpiresAt: null } => "The assertion has no exp.",
            { ExpiresAt: { } exp } when exp <= at - skew => "The assertion has expired.",
            { ExpiresAt: { } exp } when exp > at + lifetime + skew => "The assertion's exp is more than an hour ahead.",
            { IssuedAt: null } => "The assertion has no iat.",
            { IssuedAt: { } iat } when iat > at + skew => "The assertion's iat is in the future.",
            { IssuedAt: { } iat } when iat < at - lifetime - skew => "The assertion was issued more than an hour ago.",
            { NotBefore: { } nbf } when nbf > at + skew => "The assertion is not valid yet (nbf).",
            _ => null,
        };
    }
}
