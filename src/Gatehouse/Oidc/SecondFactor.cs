using Gatehouse.Instance;
using Gatehouse.Sessions;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Oidc;

/// <summary>Who demands a second factor of a sign-in for a request, if anyone; the login policy wins when both do.</summary>
internal enum SecondFactorDemand
{
    None,

    /// <summary>The application asked for one (<c>acr_values=mfa</c>) or was registered with <c>RequireMfa</c>.</summary>
    Application,

    /// <summary>The login policy forces one on everyone (<see cref="LoginPolicy.ForceMfa"/>).</summary>
    LoginPolicy,
}

/// <summary>
/// Whether a session's authentication is enough for an authorization request under the login policy. Every place that
/// decides a sign-in is complete asks this one rule: the authorization endpoint (hosted login and the resume of an
/// external login), CreateCallback (<see cref="AuthRequestCallback"/>) and the hosted login's pages. Otherwise a
/// password-only session refused by one path would get its code through another.
/// </summary>
internal static class SecondFactor
{
    public static SecondFactorDemand Demand(IEnumerable<string> acrValues, bool clientRequiresMfa, LoginPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ForceMfa)
        {
            return SecondFactorDemand.LoginPolicy;
        }

        return clientRequiresMfa || acrValues.Any(value => OidcScopes.MfaAcrValues.Contains(value, StringComparer.Ordinal))
            ? SecondFactorDemand.Application
            : SecondFactorDemand.None;
    }

    /// <summary>The step the session still needs for a request with this demand; <see cref="SignInStep.Done"/> is enough.</summary>
    public static SignInStep Next(SessionState session, bool userHasOtpEmail, SecondFactorDemand demand, DateTimeOffset now) =>
        SignInProgress.Next(session, userHasOtpEmail, demand != SecondFactorDemand.None, now);

    /// <summary>The demand of a request given as the login's return address (an authorization request) or its query.</summary>
    public static async Task<SecondFactorDemand> DemandAsync(string returnUrl, OidcClients clients, LoginPolicy policy, CancellationToken ct)
    {
        var query = returnUrl.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? QueryHelpers.ParseQuery(returnUrl[at..]) : [];
        var acr = query.TryGetValue("acr_values", out var acrValues) ? acrValues.ToString() : "";
        var clientRequiresMfa = !policy.ForceMfa && query.TryGetValue("client_id", out var clientId)
            && await clients.FindAsync(clientId.ToString(), ct) is { RequireMfa: true };
        return Demand(acr.Split(' ', StringSplitOptions.RemoveEmptyEntries), clientRequiresMfa, policy);
    }
}
