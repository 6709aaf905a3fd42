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

        foreach (var (kind, uris) in new[] { ("redirect URI", redirects), ("post-logout redirect URI", postLogoutRedirectUris.ToList()) })
        {
            foreach (var uri in uris)
            {
                if (RedirectUriRule.Problem(uri) is { } problem)
                {
                    return $"client {clientId}: {kind} \"{uri}\" {problem}";
                }
            }
        }

        return null;
    }
}
