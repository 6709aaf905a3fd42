using System.Security.Claims;
using Gatehouse.Oidc;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Authentication;

namespace Gatehouse.Login;

/// <summary>Issues the login cookie that <see cref="BrowserSessions"/> reads, after each step of the sign-in.</summary>
internal sealed class LoginCookie(SessionQueries sessions, UserQueries users, LoginSettings settings, TimeProvider time)
{
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
        var before = await http.AuthenticateAsync(BrowserSessions.Scheme);
        var sameSession = before.Principal?.FindFirst(BrowserSessions.SessionClaim)?.Value == sessionId;
        var properties = new AuthenticationProperties
        {
            ExpiresUtc = ExpiresAt(finished, sameSession ? before.Properties?.ExpiresUtc : null, now, settings.UnfinishedSignInLifetime),
        };
        await http.SignInAsync(BrowserSessions.Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(BrowserSessions.SessionClaim, sessionId), new Claim(BrowserSessions.ProofClaim, BrowserSessions.ProofOf(session))], BrowserSessions.Scheme)), properties);
        // The rest of this request goes on with the new cookie, not the one it came with.
        http.Items[BrowserSessions.RenewedKey] = sessionId;
    }

    /// <summary>
    /// When the cookie expires, which the cookie handler enforces inside the encrypted ticket. An unfinished sign-in
    /// keeps the deadline it got at the login-name step (the short unfinished lifetime), so sessions opened by the
    /// thousand and never finished are useless after it (SECURITY.md, session flood); a finished one gets the cookie's
    /// normal lifetime (null: <c>Oidc:LoginSessionLifetime</c> from now).
    /// </summary>
    public static DateTimeOffset? ExpiresAt(bool finished, DateTimeOffset? currentExpiry, DateTimeOffset now, TimeSpan unfinishedLifetime) =>
        finished ? null : currentExpiry ?? now + unfinishedLifetime;
}
