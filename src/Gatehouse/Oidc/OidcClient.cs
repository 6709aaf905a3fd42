
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
    bool RequireMfa,
    bool AllowRefreshTokens = false)
{
    public const string SecretPurpose = "oidc-client-secret";

    public bool Confidential => SecretHash is not null;

    /// <summary>
    /// Whether the browser may be sent to this address: registered, compared exactly (OAuth 2.0 Security BCP §4.1.3),
    /// and allowed by <see cref="RedirectUriRule"/>, since an application registered before the rule may still hold a
    /// <c>javascript:</c> or <c>data:</c> address.
    /// </summary>
    public bool MayRedirectTo(string? uri) =>
        uri is not null && RedirectUris.Contains(uri, StringComparer.Ordinal) && RedirectUriRule.Problem(uri) is null;

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
