using Gatehouse.Crypto;

namespace Gatehouse.Oidc;

/// <summary>
/// One authorization of one application by one sign-in: the code and every token issued from it carry the same random
/// grant id, so all of them can be revoked together — when the code is replayed (RFC 6749 §4.1.2: the replay may be
/// an attacker's, so the tokens the first redemption got are no longer trusted either).
/// </summary>
internal static class OidcGrant
{
    /// <summary>A private claim in the code and the access token; applications need not read it.</summary>
    public const string Claim = "urn:gatehouse:grant";

    public static string NewId() => TokenGenerator.NewToken();
}
