namespace Gatehouse.Oidc;

/// <summary>What presenting an authorization code did (<see cref="OidcTokenChecks.RedeemCodeAsync"/>).</summary>
internal enum CodeRedemption
{
    /// <summary>First use, within <see cref="OidcSettings.AuthorizationCodeLifetime"/>: tokens may be issued.</summary>
    Redeemed,

    /// <summary>Used before: a second party holds it, so the tokens issued from it are revoked (RFC 6749 §4.1.2).</summary>
    Replayed,

    /// <summary>First use, but too late: nothing is issued and nothing needs revoking.</summary>
    Expired,
}
