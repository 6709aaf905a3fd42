using Gatehouse.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Login;

/// <summary>
/// Where the login goes when it is done: only a local path (no open redirect), normally the authorization request
/// that sent the user here, from which the login also learns whether the application demands a second factor.
/// </summary>
internal static class ReturnUrl
{
    public const string Home = "/ui/security";

    public static string Safe(string? value) =>
        value is { Length: > 0 } && value[0] == '/' && !value.StartsWith("//", StringComparison.Ordinal)
            && !value.StartsWith("/\\", StringComparison.Ordinal) && !value.Contains('\n', StringComparison.Ordinal)
            ? value
            : Home;

    public static async Task<bool> SecondFactorRequiredAsync(string returnUrl, OidcClients clients, CancellationToken ct)
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
