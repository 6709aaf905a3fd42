using Gatehouse.Domain;
using Gatehouse.Oidc;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gatehouse.Login;

/// <summary>
/// The hosted login: login name → password → (with OTP Email) the mailed code → back to the application. Each step
/// is one Session API decision through <see cref="SignIn"/>, so lockout, code expiry, guess limits and the resend
/// throttle are exactly the Session API's. Forms post back to the same URL; errors re-render the form.
/// </summary>
internal static class LoginPages
{
    public static void MapGatehouseLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/login", (HttpContext http, Html html, string? returnUrl) => LoginNameForm(http, html, ReturnUrl.Safe(returnUrl), null, ""));
        app.MapPost("/ui/login", SubmitLoginNameAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapGet("/ui/continue", ContinueAsync);
        app.MapGet("/ui/password", ShowPasswordAsync);
        app.MapPost("/ui/password", SubmitPasswordAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapGet("/ui/otp", ShowOtpAsync);
        app.MapPost("/ui/otp", SubmitOtpAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapPost("/ui/otp/send", SendOtpAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapGet("/ui/mfa-missing", MfaMissing);
        app.MapGet("/ui/signed-out", SignedOut);
        app.MapPost("/ui/logout", LogoutAsync).RequireFormBody();
    }

    private static IResult LoginNameForm(HttpContext http, Html html, string returnUrl, string? error, string loginName)
    {
        var lang = LoginTexts.LanguageOf(http);
        return Html.Page(http, lang, LoginTexts.Get("SignIn", lang), $"""
            {Html.Message(error, null)}
            <form method="post" action="/ui/login">
              {html.Antiforgery(http)}
              <input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
              <label for="loginName">{Html.Text("LoginName", lang)}</label>
              <p class="hint" id="loginNameHint">{Html.Text("LoginNameHint", lang)}</p>
              <input type="text" id="loginName" name="loginName" value="{Html.E(loginName)}" autocomplete="username" required autofocus
                aria-describedby="loginNameHint"{(error is null ? "" : " aria-invalid=\"true\"")}>
              <button type="submit">{Html.Text("Next", lang)}</button>
            </form>
            """);
    }

    private static async Task<IResult> SubmitLoginNameAsync(HttpContext http, Html html, SignIn signIn, UserQueries users, BrowserSessions browser)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var loginName = form["loginName"].ToString().Trim();
        var lang = LoginTexts.LanguageOf(http);
        if (!await html.IsValidFormAsync(http))
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorForm", lang), loginName);
        }

        if (loginName.Length is 0 or > 200)
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorUserNotFound", lang), loginName);
        }

        try
        {
            var sessionId = await signIn.StartAsync(loginName, http.Request.Headers.UserAgent.ToString(),
                http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            await browser.RenewAsync(http, sessionId);
            return Results.Redirect($"/ui/password?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }
        catch (DomainException e) when (e.Error == SessionErrors.UserNotActive)
        {
            var userId = await users.FindByLoginNameAsync(loginName, http.RequestAborted);
            var locked = userId is not null && await users.GetAsync(userId, http.RequestAborted) is { State: UserStates.Locked };
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get(locked ? "ErrorLocked" : "ErrorNotActive", lang), loginName);
        }
        catch (DomainException)
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorUserNotFound", lang), loginName);
        }
    }

    /// <summary>Where an unfinished sign-in goes next; the authorization endpoint sends browsers here.</summary>
    private static async Task<IResult> ContinueAsync(HttpContext http, BrowserSessions browser, OidcClients clients, TimeProvider time, string? returnUrl)
    {
        var target = ReturnUrl.Safe(returnUrl);
        var current = await browser.CurrentAsync(http);
        var secondFactor = await ReturnUrl.SecondFactorRequiredAsync(target, clients, http.RequestAborted);
        var step = current is null ? SignInStep.LoginName : SignInProgress.Next(current.Session, current.User.OtpEmail, secondFactor, time.GetUtcNow());
        var encoded = Uri.EscapeDataString(target);
        return Results.Redirect(step switch
        {
            SignInStep.LoginName => $"/ui/login?returnUrl={encoded}",
            SignInStep.Password => $"/ui/password?returnUrl={encoded}",
            SignInStep.OtpEmail => $"/ui/otp?returnUrl={encoded}",
            SignInStep.SecondFactorMissing => $"/ui/mfa-missing?returnUrl={encoded}",
            _ => target,
        });
    }

    private static IResult PasswordForm(HttpContext http, Html html, BrowserSession current, string returnUrl, string? error)
    {
        var lang = LoginTexts.LanguageOf(http);
        return Html.Page(http, lang, LoginTexts.Get("Password", lang), $"""
            <p>{Html.E(current.User.DisplayName ?? current.User.UserName)} · {Html.E(current.User.UserName)}</p>
            {Html.Message(error, null)}
            <form method="post" action="/ui/password">
              {html.Antiforgery(http)}
              <input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
              <input type="text" name="username" value="{Html.E(current.User.UserName)}" autocomplete="username" hidden>
              <label for="password">{Html.Text("Password", lang)}</label>
              <input type="password" id="password" name="password" autocomplete="current-password" required autofocus{(error is null ? "" : " aria-invalid=\"true\"")}>
              <button type="submit">{Html.Text("Next", lang)}</button>
            </form>
            <p><a href="/ui/login?returnUrl={Html.E(Uri.EscapeDataString(returnUrl))}">{Html.Text("NotYou", lang)}</a></p>
            """);
    }

    private static async Task<IResult> ShowPasswordAsync(HttpContext http, Html html, BrowserSessions browser, string? returnUrl)
    {
        var target = ReturnUrl.Safe(returnUrl);
        return await browser.CurrentAsync(http) is { } current
            ? PasswordForm(http, html, current, target, null)
            : Results.Redirect($"/ui/login?returnUrl={Uri.EscapeDataString(target)}");
    }

    private static async Task<IResult> SubmitPasswordAsync(HttpContext http, Html html, BrowserSessions browser, SignIn signIn, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var lang = LoginTexts.LanguageOf(http);
        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorSessionGone", lang), "");
        }

        if (!await html.IsValidFormAsync(http))
        {
            return PasswordForm(http, html, current, returnUrl, LoginTexts.Get("ErrorForm", lang));
        }

        try
        {
            await signIn.CheckPasswordAsync(current.SessionId, form["password"].ToString(), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return PasswordForm(http, html, current, returnUrl, LoginTexts.Get(e.Error.Id switch
            {
                "COMMAND-3M0fs" => "ErrorPassword",
                "COMMAND-JLK35" => "ErrorLocked",
                "COMMAND-3nJ4t" => "ErrorNoPassword",
                _ => "ErrorSessionGone",
            }, lang));
        }

        await browser.RenewAsync(http, current.SessionId);
        if (current.User.OtpEmail)
        {
            // A throttled first code is no dead end: the code page says how long to wait and offers to resend.
            var error = await TrySendCodeAsync(signIn, current, lang, http.RequestAborted);
            return error is null
                ? Results.Redirect($"/ui/otp?returnUrl={Uri.EscapeDataString(returnUrl)}")
                : await OtpFormAsync(http, html, browser, time, returnUrl, error, null);
        }

        return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    private static async Task<IResult> OtpFormAsync(
        HttpContext http, Html html, BrowserSessions browser, TimeProvider time, string returnUrl, string? error, string? notice)
    {
        var lang = LoginTexts.LanguageOf(http);
        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorSessionGone", lang), "");
        }

        if (!CodeStepIsOpen(current.Session, current.User.OtpEmail, time.GetUtcNow()))
        {
            return ToNextStep(returnUrl);
        }

        var masked = Html.MaskEmail(current.User.VerifiedEmail ?? current.User.Email);
        var hasCode = current.Session.OtpEmailChallenge is not null;
        var antiforgery = html.Antiforgery(http);
        return Html.Page(http, lang, LoginTexts.Get("CodeTitle", lang), $"""
            <p id="codeSent">{Html.Text(hasCode ? "CodeSent" : "CodeNotSent", lang, masked)}</p>
            {Html.Message(error, notice)}
            <form method="post" action="/ui/otp">
              {antiforgery}
              <input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
              <label for="code">{Html.Text("Code", lang)}</label>
              <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus
                aria-describedby="codeSent"{(error is null ? "" : " aria-invalid=\"true\"")}>
              <button type="submit">{Html.Text("Verify", lang)}</button>
            </form>
            <form method="post" action="/ui/otp/send">
              {antiforgery}
              <input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
              <button type="submit" class="secondary">{Html.Text(hasCode ? "Resend" : "SendCode", lang)}</button>
            </form>
            """);
    }

    /// <summary>
    /// The code step is open only to a session whose password was checked and whose user has OTP Email and has not
    /// entered the code yet. Otherwise anyone who knows a login name could spend the user's send cooldown (so the real
    /// user never gets a code), learn the masked address, and lock the user with wrong codes, without the password;
    /// and the mail's warning that someone may know the password would not be true (SECURITY.md, hosted login).
    /// </summary>
    public static bool CodeStepIsOpen(SessionState session, bool userHasOtpEmail, DateTimeOffset now) =>
        SignInProgress.Next(session, userHasOtpEmail, secondFactorRequired: false, now) == SignInStep.OtpEmail;

    private static RedirectHttpResult ToNextStep(string returnUrl) => TypedResults.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");

    private static Task<IResult> ShowOtpAsync(HttpContext http, Html html, BrowserSessions browser, TimeProvider time, string? returnUrl) =>
        OtpFormAsync(http, html, browser, time, ReturnUrl.Safe(returnUrl), null, null);

    private static async Task<IResult> SubmitOtpAsync(HttpContext http, Html html, BrowserSessions browser, SignIn signIn, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var lang = LoginTexts.LanguageOf(http);
        if (!await html.IsValidFormAsync(http))
        {
            return await OtpFormAsync(http, html, browser, time, returnUrl, LoginTexts.Get("ErrorForm", lang), null);
        }

        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorSessionGone", lang), "");
        }

        if (!CodeStepIsOpen(current.Session, current.User.OtpEmail, time.GetUtcNow()))
        {
            return ToNextStep(returnUrl);
        }

        try
        {
            await signIn.CheckOtpEmailAsync(current.SessionId, form["code"].ToString().Trim(), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return await OtpFormAsync(http, html, browser, time, returnUrl, LoginTexts.Get(e.Error.Id switch
            {
                "CODE-woT0xc" or "COMMAND-SJl2g" => "ErrorCodeWrong",
                "CODE-QvUQ4P" => "ErrorCodeExpired",
                "COMMAND-S34gh" => "ErrorCodeUsedUp",
                "COMMAND-S6h4R" => "ErrorLocked",
                _ => "ErrorSessionGone",
            }, lang), null);
        }

        await browser.RenewAsync(http, current.SessionId);
        return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    private static async Task<IResult> SendOtpAsync(HttpContext http, Html html, BrowserSessions browser, SignIn signIn, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var lang = LoginTexts.LanguageOf(http);
        if (!await html.IsValidFormAsync(http))
        {
            return await OtpFormAsync(http, html, browser, time, returnUrl, LoginTexts.Get("ErrorForm", lang), null);
        }

        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginNameForm(http, html, returnUrl, LoginTexts.Get("ErrorSessionGone", lang), "");
        }

        if (!CodeStepIsOpen(current.Session, current.User.OtpEmail, time.GetUtcNow()))
        {
            return ToNextStep(returnUrl);
        }

        var error = await TrySendCodeAsync(signIn, current, lang, http.RequestAborted);
        return await OtpFormAsync(http, html, browser, time, returnUrl, error, error is null ? LoginTexts.Get("CodeResent", lang) : null);
    }

    /// <summary>Asks for a mailed code; returns the message to show when the throttle or the lockout refuses.</summary>
    private static async Task<string?> TrySendCodeAsync(SignIn signIn, BrowserSession current, string lang, CancellationToken ct)
    {
        try
        {
            await signIn.SendOtpEmailCodeAsync(current.SessionId, current.User.Id, ct);
            return null;
        }
        catch (DomainException e) when (e.Error.RetryAfter is { } wait)
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, LoginTexts.Get("ErrorThrottled", lang), Math.Ceiling(wait.TotalSeconds));
        }
        catch (DomainException e)
        {
            return LoginTexts.Get(e.Error == OtpEmailErrors.UserLocked ? "ErrorLocked" : "ErrorSessionGone", lang);
        }
    }

    private static IResult MfaMissing(HttpContext http, string? returnUrl)
    {
        var lang = LoginTexts.LanguageOf(http);
        var target = Uri.EscapeDataString(ReturnUrl.Safe(returnUrl));
        return Html.Page(http, lang, LoginTexts.Get("MfaMissingTitle", lang), $"""
            <p>{Html.Text("MfaMissing", lang)}</p>
            <p><a href="/ui/security?returnUrl={Html.E(target)}">{Html.Text("SecurityTitle", lang)}</a></p>
            <p><a href="/ui/continue?returnUrl={Html.E(target)}">{Html.Text("Continue", lang)}</a></p>
            """);
    }

    private static IResult SignedOut(HttpContext http)
    {
        var lang = LoginTexts.LanguageOf(http);
        return Html.Page(http, lang, LoginTexts.Get("SignedOutTitle", lang), $"""
            <p role="status">{Html.Text("SignedOut", lang)}</p>
            <p><a href="/ui/login">{Html.Text("SignInAgain", lang)}</a></p>
            """);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, Html html, BrowserSessions browser, SignIn signIn)
    {
        if (!await html.IsValidFormAsync(http))
        {
            return Results.Redirect(ReturnUrl.Home);
        }

        if (await browser.CurrentAsync(http) is { } current)
        {
            await signIn.TerminateAsync(current.SessionId, http.RequestAborted);
        }

        await BrowserSessions.ForgetAsync(http);
        return Results.Redirect("/ui/signed-out");
    }
}
