using System.Globalization;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Authentication;

namespace Gatehouse.Oidc;

/// <summary>
/// The login cookie holds a session id and what the session had proved when the cookie was issued (encrypted by ASP.NET
/// Core data protection, HttpOnly, SameSite=Lax, <c>__Host-</c> under TLS); what the session proves — which factors
/// were checked, whether it ended — is always read from the event log. The OIDC endpoints read and forget it; the
/// hosted login (Login/LoginCookie) issues it, one layer up (docs/architecture.md).
/// </summary>
internal sealed class BrowserSessions(SessionQueries sessions, UserQueries users)
{
    public const string Scheme = "gatehouse.login";
    public const string CookieName = "gatehouse.login";
    public const string SessionClaim = "sid";
    public const string ProofClaim = "proof";

    /// <summary>Where a request that renewed the cookie keeps the session id, so the rest of it sees the new cookie.</summary>
    public const string RenewedKey = "gatehouse.login.renewed";

    public async Task<BrowserSession?> CurrentAsync(HttpContext http)
    {
        string? proof = null;
        if (http.Items[RenewedKey] is not string sessionId)
        {
            var result = await http.AuthenticateAsync(Scheme);
            if (result.Principal?.FindFirst(SessionClaim)?.Value is not { } fromCookie)
            {
                return null;
            }

            sessionId = fromCookie;
            proof = result.Principal.FindFirst(ProofClaim)?.Value ?? "";
        }

        var current = await OfAsync(sessionId, http.RequestAborted);
        return current is null || (proof is not null && proof != ProofOf(current.Session)) ? null : current;
    }

    /// <summary>A session by its id (the external login hands it over), if it exists and has a user.</summary>
    public async Task<BrowserSession?> OfAsync(string sessionId, CancellationToken ct)
    {
        var session = await sessions.LoadAsync(sessionId, ct);
        if (!session.Exists || session.User is null || await users.GetAsync(session.User.UserId, ct) is not { } user)
        {
            return null;
        }

        return new BrowserSession(sessionId, session, user);
    }

    public static Task ForgetAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>What a session has proved: when each factor was checked. A cookie is valid only for the proof it was issued with.</summary>
    public static string ProofOf(SessionState session) =>
        string.Join('.', session.PasswordCheckedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture), session.OtpEmailCheckedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
}
