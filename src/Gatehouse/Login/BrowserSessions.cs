using System.Security.Claims;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Authentication;

namespace Gatehouse.Login;

/// <summary>The browser's session at the hosted login: its id, state and user, read fresh on every request.</summary>
internal sealed record BrowserSession(string SessionId, SessionState Session, UserRow User);

/// <summary>
/// The login cookie holds only a session id (encrypted by ASP.NET Core data protection, HttpOnly, SameSite=Lax);
/// what the session proves — which factors were checked, whether it ended — is always read from the event log.
/// </summary>
internal sealed class BrowserSessions(SessionQueries sessions, UserQueries users)
{
    public const string Scheme = "gatehouse.login";
    public const string CookieName = "gatehouse.login";
    private const string SessionClaim = "sid";

    public async Task<BrowserSession?> CurrentAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (result.Principal?.FindFirst(SessionClaim)?.Value is not { } sessionId)
        {
            return null;
        }

        var session = await sessions.LoadAsync(sessionId, http.RequestAborted);
        if (!session.Exists || session.User is null || await users.GetAsync(session.User.UserId, http.RequestAborted) is not { } user)
        {
            return null;
        }

        return new BrowserSession(sessionId, session, user);
    }

    public static Task RememberAsync(HttpContext http, string sessionId) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(SessionClaim, sessionId)], Scheme)));

    public static Task ForgetAsync(HttpContext http) => http.SignOutAsync(Scheme);
}
