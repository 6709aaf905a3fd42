using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Oidc;

/// <summary>
/// Whether the application behind an authorization request needs a second factor: it asked for one
/// (<c>acr_values=mfa</c>) or was registered with <c>RequireMfa</c>. The OIDC endpoints and the hosted login's pages
/// ask the same rule, with the login's return address (an authorization request).
/// </summary>
internal static class SecondFactor
{
    public static async Task<bool> RequiredAsync(string returnUrl, OidcClients clients, CancellationToken ct)
    {
        var query = returnUrl.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? QueryHelpers.ParseQuery(returnUrl[at..]) : [];
        var acr = query.TryGetValue("acr_values", out var acrValues) ? acrValues.ToString() : "";
        if (acr.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(value => OidcScopes.MfaAcrValues.Contains(value, StringComparer.Ordinal)))
        {
            return true;
        }

        return query.TryGetValue("client_id", out var clientId) && await clients.FindAsync(clientId.ToString(), ct) is { RequireMfa: true };
    }
}
