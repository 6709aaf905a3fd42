using System.Globalization;
using System.Security.Claims;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Authentication;

namespace Gatehouse.Login;

/// <summary>The browser's session at the hosted login: its id, state and user, read fresh on every request.</summary>
internal sealed record BrowserSession(string SessionId, SessionState Session, UserRow User);

/// <summary>
/// The login cookie holds a session id and what the session had proved when the cookie was issued (encrypted by ASP.NET
/// Core data protection, HttpOnly, SameSite=Lax, <c>__Host-</c> under TLS); what the session proves — which factors
/// were checked, whether it ended — is always read from the event log.
/// </summary>
internal sealed class BrowserSessions(SessionQueries sessions, UserQueries users, LoginSettings settings, TimeProvider time)
{
    public const string Scheme = "gatehouse.login";
    public const string CookieName = "gatehouse.login";
    private const string SessionClaim = "sid";
    private const string ProofClaim = "proof";
    private const string RenewedKey = "gatehouse.login.renewed";

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

        var session = await sessions.LoadAsync(sessionId, http.RequestAborted);
        if (!session.Exists || session.User is null || (proof is not null && proof != ProofOf(session))
            || await users.GetAsync(session.User.UserId, http.RequestAborted) is not { } user)
        {
            return null;
        }

        return new BrowserSession(sessionId, session, user);
    }

    /// <summary>
    /// Issues a new cookie for the session as it is now. Called after every step that raises what the session proves,
    /// so a cookie planted or seen before the step (session fixation) no longer matches the session and stops working.
    /// </summary>
    public async Task RenewAsync(HttpContext http, string sessionId)
    {
        var session = await sessions.LoadAsync(sessionId, http.RequestAborted);
        var user = session.User is { } checkedUser ? await users.GetAsync(checkedUser.UserId, http.RequestAborted) : null;
        var now = time.GetUtcNow();
        var finished = SignInProgress.Next(session, user?.OtpEmail ?? false, secondFactorRequired: false, now) == SignInStep.Done;
        var before = await http.AuthenticateAsync(Scheme);
        var sameSession = before.Principal?.FindFirst(SessionClaim)?.Value == sessionId;
        var properties = new AuthenticationProperties
        {
            ExpiresUtc = ExpiresAt(finished, sameSession ? before.Properties?.ExpiresUtc : null, now, settings.UnfinishedSignInLifetime),
        };
        await http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(SessionClaim, sessionId), new Claim(ProofClaim, ProofOf(session))], Scheme)), properties);
        // The rest of this request goes on with the new cookie, not the one it came with.
        http.Items[RenewedKey] = sessionId;
    }

    public static Task ForgetAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>
    /// When the cookie expires, which the cookie handler enforces inside the encrypted ticket. An unfinished sign-in
    /// keeps the deadline it got at the login-name step (the short unfinished lifetime), so sessions opened by the
    /// thousand and never finished are useless after it (SECURITY.md, session flood); a finished one gets the cookie's
    /// normal lifetime (null: <c>Oidc:LoginSessionLifetime</c> from now).
    /// </summary>
    public static DateTimeOffset? ExpiresAt(bool finished, DateTimeOffset? currentExpiry, DateTimeOffset now, TimeSpan unfinishedLifetime) =>
        finished ? null : currentExpiry ?? now + unfinishedLifetime;

    /// <summary>What a session has proved: when each factor was checked. A cookie is valid only for the proof it was issued with.</summary>
    public static string ProofOf(SessionState session) =>
        string.Join('.', session.PasswordCheckedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture), session.OtpEmailCheckedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
}
