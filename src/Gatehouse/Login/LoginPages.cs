using Gatehouse.Instance;
using Gatehouse.Kernel;
using Gatehouse.Login.Pages;
using Gatehouse.Oidc;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Gatehouse.Login;

/// <summary>
/// The hosted login: login name → password → (with OTP Email, or after setting it up under forceMfa,
/// <see cref="OtpEmailSetUp"/>) the mailed code → back to the application. Each step
/// is one Session API decision through <see cref="SignIn"/>, so lockout, code expiry, guess limits and the resend
/// throttle are exactly the Session API's. Forms post back to the same URL; errors re-render the form.
/// </summary>
internal static class LoginPages
{
    public static void MapGatehouseLogin(this IEndpointRouteBuilder app)
    {
        app.MapGatehouseLoginStylesheet();
        app.MapGet("/ui/login", (HttpContext http, string? returnUrl) => LoginNameForm(http, ReturnUrl.Safe(returnUrl), null, ""));
        app.MapPost("/ui/login", SubmitLoginNameAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapGet("/ui/continue", ContinueAsync);
        app.MapGet("/ui/password", ShowPasswordAsync);
        app.MapPost("/ui/password", SubmitPasswordAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapGet("/ui/otp", (HttpContext http, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, TimeProvider time, string? returnUrl) =>
            CodeSteps.FormAsync(http, texts, browser, time, ReturnUrl.Safe(returnUrl), null, null));
        app.MapPost("/ui/otp", CodeSteps.SubmitAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapPost("/ui/otp/send", CodeSteps.SendAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
        app.MapGatehouseOtpEmailSetUp();
        app.MapGet("/ui/mfa-missing", (HttpContext http, string? returnUrl) =>
            LoginPage.Show<MfaMissingPage>(http, new Dictionary<string, object?> { [nameof(MfaMissingPage.ReturnUrl)] = ReturnUrl.Safe(returnUrl) }));
        app.MapGet("/ui/signed-out", (HttpContext http) => LoginPage.Show<SignedOutPage>(http));
        app.MapPost("/ui/logout", LogoutAsync).RequireFormBody();
    }

    public static IResult LoginNameForm(HttpContext http, string returnUrl, string? error, string loginName) =>
        LoginPage.Show<LoginNamePage>(http, new Dictionary<string, object?>
        {
            [nameof(LoginNamePage.ReturnUrl)] = returnUrl,
            [nameof(LoginNamePage.LoginName)] = loginName,
            [nameof(LoginNamePage.Error)] = error,
        });

    /// <summary>Back to the first step because the sign-in this browser had is gone.</summary>
    public static IResult SessionGone(HttpContext http, IStringLocalizer<LoginTexts> texts, string returnUrl) =>
        LoginNameForm(http, returnUrl, texts.Text(LoginMessage.ErrorSessionGone), "");

    private static async Task<IResult> SubmitLoginNameAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginTexts> texts, SignIn signIn, UserQueries users, LoginCookie cookie)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var loginName = form["loginName"].ToString().Trim();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return LoginNameForm(http, returnUrl, texts.Text(LoginMessage.ErrorForm), loginName);
        }

        if (loginName.Length is 0 or > 200)
        {
            return LoginNameForm(http, returnUrl, texts.Text(LoginMessage.ErrorUserNotFound), loginName);
        }

        try
        {
            var sessionId = await signIn.StartAsync(loginName, http.Request.Headers.UserAgent.ToString(),
                http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            await cookie.RenewAsync(http, sessionId);
            return Results.Redirect($"/ui/password?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }
        catch (DomainException e) when (e.Error == SessionErrors.UserNotActive)
        {
            var userId = await users.FindByLoginNameAsync(loginName, http.RequestAborted);
            var locked = userId is not null && await users.GetAsync(userId, http.RequestAborted) is { State: UserStates.Locked };
            return LoginNameForm(http, returnUrl, texts.Text(locked ? LoginMessage.ErrorLocked : LoginMessage.ErrorNotActive), loginName);
        }
        catch (DomainException)
        {
            return LoginNameForm(http, returnUrl, texts.Text(LoginMessage.ErrorUserNotFound), loginName);
        }
    }

    /// <summary>Where an unfinished sign-in goes next; the authorization endpoint sends browsers here.</summary>
    private static async Task<IResult> ContinueAsync(
        HttpContext http, BrowserSessions browser, OidcClients clients, LoginPolicy policy, OtpEmailPolicy otpEmail, TimeProvider time, string? returnUrl)
    {
        var target = ReturnUrl.Safe(returnUrl);
        var current = await browser.CurrentAsync(http);
        var demand = await SecondFactor.DemandAsync(target, clients, policy, http.RequestAborted);
        var now = time.GetUtcNow();
        var step = current is null ? SignInStep.LoginName : SecondFactor.Next(current.Session, current.User.OtpEmail, demand, now);
        var encoded = Uri.EscapeDataString(target);
        return Results.Redirect(step switch
        {
            SignInStep.LoginName => $"/ui/login?returnUrl={encoded}",
            SignInStep.Password => $"/ui/password?returnUrl={encoded}",
            SignInStep.OtpEmail => $"/ui/otp?returnUrl={encoded}",
            SignInStep.SecondFactorMissing when OtpEmailSetUp.IsOffered(current!, demand, otpEmail, now) => $"{OtpEmailSetUp.Path}?returnUrl={encoded}",
            SignInStep.SecondFactorMissing => $"/ui/mfa-missing?returnUrl={encoded}",
            _ => target,
        });
    }

    private static IResult PasswordForm(HttpContext http, BrowserSession current, string returnUrl, string? error) =>
        LoginPage.Show<PasswordPage>(http, new Dictionary<string, object?>
        {
            [nameof(PasswordPage.ReturnUrl)] = returnUrl,
            [nameof(PasswordPage.UserName)] = current.User.UserName,
            [nameof(PasswordPage.DisplayName)] = current.User.DisplayName ?? current.User.UserName,
            [nameof(PasswordPage.Error)] = error,
        });

    private static async Task<IResult> ShowPasswordAsync(HttpContext http, BrowserSessions browser, string? returnUrl)
    {
        var target = ReturnUrl.Safe(returnUrl);
        return await browser.CurrentAsync(http) is { } current
            ? PasswordForm(http, current, target, null)
            : Results.Redirect($"/ui/login?returnUrl={Uri.EscapeDataString(target)}");
    }

    private static async Task<IResult> SubmitPasswordAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, LoginCookie cookie, SignIn signIn, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        if (await browser.CurrentAsync(http) is not { } current)
        {
            return SessionGone(http, texts, returnUrl);
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PasswordForm(http, current, returnUrl, texts.Text(LoginMessage.ErrorForm));
        }

        try
        {
            await signIn.CheckPasswordAsync(current.SessionId, form["password"].ToString(), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return PasswordForm(http, current, returnUrl, texts.Text(LoginMessages.ForPassword(e.Error)));
        }

        await cookie.RenewAsync(http, current.SessionId);
        if (current.User.OtpEmail)
        {
            // A throttled first code is no dead end: the code page says how long to wait and offers to resend.
            var error = await CodeSteps.TrySendAsync(signIn, texts, current, http.RequestAborted);
            return error is null
                ? Results.Redirect($"/ui/otp?returnUrl={Uri.EscapeDataString(returnUrl)}")
                : await CodeSteps.FormAsync(http, texts, browser, time, returnUrl, error, null);
        }

        return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    /// <summary>
    /// The code step is open only to a session whose password was checked and whose user has OTP Email and has not
    /// entered the code yet. Otherwise anyone who knows a login name could spend the user's send cooldown (so the real
    /// user never gets a code), learn the masked address, and lock the user with wrong codes, without the password;
    /// and the mail's warning that someone may know the password would not be true (SECURITY.md, hosted login).
    /// </summary>
    public static bool CodeStepIsOpen(SessionState session, bool userHasOtpEmail, DateTimeOffset now) =>
        SignInProgress.Next(session, userHasOtpEmail, secondFactorRequired: false, now) == SignInStep.OtpEmail;

    public static RedirectHttpResult ToNextStep(string returnUrl) => TypedResults.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery, BrowserSessions browser, SignIn signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
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
