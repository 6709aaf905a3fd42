namespace Gatehouse.Oidc;

/// <summary>
/// A registered application. Confidential clients have a secret, kept only as a keyed hash; public clients (no
/// secret) must use PKCE, which Gatehouse requires from every client anyway. Redirect URIs match exactly.
/// </summary>
internal sealed record OidcClient(
    string ClientId,
    string DisplayName,
    string? SecretHash,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    bool RequireMfa)
{
    public const string SecretPurpose = "oidc-client-secret";

    public bool Confidential => SecretHash is not null;

    /// <summary>What is wrong with a registration, or null.</summary>
    public static string? Problem(string clientId, IEnumerable<string> redirectUris, IEnumerable<string> postLogoutRedirectUris)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > 200)
        {
            return "ClientId must be 1-200 characters";
        }

        var redirects = redirectUris.ToList();
        if (redirects.Count == 0)
        {
            return $"client {clientId} needs at least one redirect URI";
        }

        // Fragments are forbidden by RFC 6749 §3.1.2; relative URIs cannot be matched exactly.
        var bad = redirects.Concat(postLogoutRedirectUris)
            .FirstOrDefault(uri => !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0);
        return bad is null ? null : $"client {clientId}: \"{bad}\" is not an absolute URI without fragment";
    }
}
