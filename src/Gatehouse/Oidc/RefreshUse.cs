namespace Gatehouse.Oidc;

/// <summary>What presenting a refresh token did (<see cref="RefreshTokens.UseAsync"/>).</summary>
internal enum RefreshUse
{
    /// <summary>The token was current: it is now used, and a new one may be issued in its place.</summary>
    Rotated,

    /// <summary>The token had been used before: its whole family is revoked now (RFC 9700 §4.14.2).</summary>
    Reused,

    /// <summary>Unknown, expired, or of a revoked or expired family.</summary>
    Invalid,
}
