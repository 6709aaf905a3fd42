using Gatehouse.Instance;
using Gatehouse.Kernel;
using Gatehouse.Login.Pages;
using Gatehouse.Oidc;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Gatehouse.Login;

/// <summary>
/// The login's OTP Email set-up (ZITADEL's Login V2 page <c>/otp/email/set</c>): under the login policy's forceMfa, a
/// user whose password is checked, who has no second factor and has a verified email adds OTP Email here. As with
/// <c>AddOTPEmail</c>, adding the factor proves nothing yet: the code is sent at once and the sign-in counts as two
/// factors only after it is checked on the code page. The page shows on GET and changes only on an antiforgery-checked
/// POST, where Login V2 adds the factor while rendering.
/// </summary>
internal static class OtpEmailSetUp
{
    public const string Path = "/ui/otp/set";

    public static void MapGatehouseOtpEmailSetUp(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path, SubmitAsync).RequireFormBody().RequireRateLimiting(LoginRateLimit.Policy);
    }

    /// <summary>
    /// Offered only when the login policy is what demands the missing second factor and the user can have OTP Email:
    /// a verified address (the code must reach the user, not whoever typed a new one) and the factor allowed in the
    /// user's organization. Otherwise the login says a second factor is missing (<c>/ui/mfa-missing</c>).
    /// </summary>
    public static bool IsOffered(BrowserSession current, SecondFactorDemand demand, OtpEmailPolicy otpEmail, DateTimeOffset now) =>
        demand == SecondFactorDemand.LoginPolicy
        && current.User.VerifiedEmail is not null
        && otpEmail.AllowedIn(current.User.OrgId)
        && SecondFactor.Next(current.Session, current.User.OtpEmail, demand, now) == SignInStep.SecondFactorMissing;

    private static async Task<IResult> ShowAsync(
        HttpContext http, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, LoginPolicy policy, OtpEmailPolicy otpEmail, TimeProvider time,
        string? returnUrl)
    {
        var target = ReturnUrl.Safe(returnUrl);
        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginPages.SessionGone(http, texts, target);
        }

        return IsOffered(current, Demand(policy), otpEmail, time.GetUtcNow()) ? Form(http, current, target, null) : LoginPages.ToNextStep(target);
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, [AsParameters] OtpEmailSetUpRequest setUp)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginPages.SessionGone(http, texts, returnUrl);
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Form(http, current, returnUrl, texts.Text(LoginMessage.ErrorForm));
        }

        // Asked again on the post: the page may be old, and a user with a factor must not enrol a second time here.
        if (!IsOffered(current, Demand(setUp.Policy), setUp.OtpEmailPolicy, setUp.Time.GetUtcNow()))
        {
            return LoginPages.ToNextStep(returnUrl);
        }

        try
        {
            await setUp.Enrolment.AddAsync(current.User.Id, new CommandContext(current.User.Id, current.User.OrgId), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return e.Error == OtpEmailErrors.AlreadyReady
                ? LoginPages.ToNextStep(returnUrl)
                : Form(http, current, returnUrl, texts.Text(LoginMessages.ForSetUp(e.Error)));
        }

        // The code step takes over: it sends nothing twice, and a throttled first mail shows there with its wait.
        await setUp.Cookie.RenewAsync(http, current.SessionId);
        var error = await CodeSteps.TrySendAsync(setUp.SignIn, texts, current, http.RequestAborted);
        return error is null
            ? Results.Redirect($"/ui/otp?returnUrl={Uri.EscapeDataString(returnUrl)}")
            : await CodeSteps.FormAsync(http, texts, browser, setUp.Time, returnUrl, error, null);
    }

    /// <summary>The page's own demand: the set-up exists for the login policy, whatever the return address asks.</summary>
    private static SecondFactorDemand Demand(LoginPolicy policy) => SecondFactor.Demand([], clientRequiresMfa: false, policy);

    private static IResult Form(HttpContext http, BrowserSession current, string returnUrl, string? error) =>
        LoginPage.Show<OtpEmailSetUpPage>(http, new Dictionary<string, object?>
        {
            [nameof(OtpEmailSetUpPage.ReturnUrl)] = returnUrl,
            [nameof(OtpEmailSetUpPage.MaskedEmail)] = MaskedEmail.Of(current.User.VerifiedEmail ?? ""),
            [nameof(OtpEmailSetUpPage.Error)] = error,
        });
}
