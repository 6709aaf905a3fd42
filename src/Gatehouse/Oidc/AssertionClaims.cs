namespace Gatehouse.Oidc;

/// <summary>What a JWT assertion (RFC 7523 §3) says about itself, read before its signature is checked. Times are Unix seconds.</summary>
internal sealed record AssertionClaims(
    string? Issuer, string? Subject, IReadOnlyList<string> Audiences, long? ExpiresAt, long? IssuedAt, long? NotBefore, string? KeyId);
