using Gatehouse.Oidc;
using System.Globalization;
using Gatehouse.Kernel;
using Gatehouse.Login.Pages;
using Gatehouse.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Gatehouse.Login;

/// <summary>
/// The login's code step: the page with the mailed code, its check and its resend. Both posts are refused unless the
/// step is open (<see cref="LoginPages.CodeStepIsOpen"/>).
/// </summary>
internal static class CodeSteps
{
    public static async Task<IResult> FormAsync(
        HttpContext http, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, TimeProvider time, string returnUrl, string? error, string? notice)
    {
        if (await browser.CurrentAsync(http) is not { } current)
        {
            return LoginPages.SessionGone(http, texts, returnUrl);
        }

        if (!LoginPages.CodeStepIsOpen(current.Session, current.User.OtpEmail, time.GetUtcNow()))
        {
            return LoginPages.ToNextStep(returnUrl);
        }

        return LoginPage.Show<CodePage>(http, new Dictionary<string, object?>
        {
            [nameof(CodePage.ReturnUrl)] = returnUrl,
            [nameof(CodePage.MaskedEmail)] = MaskedEmail.Of(current.User.VerifiedEmail ?? current.User.Email),
            [nameof(CodePage.HasCode)] = current.Session.OtpEmailChallenge is not null,
            [nameof(CodePage.Error)] = error,
            [nameof(CodePage.Notice)] = notice,
        });
    }

    public static async Task<IResult> SubmitAsync([AsParameters] CodeStepRequest step)
    {
        var (form, returnUrl, current, refused) = await OpenAsync(step);
        if (refused is not null)
        {
            return refused;
        }

        try
        {
            await step.SignIn.CheckOtpEmailAsync(current.SessionId, form["code"].ToString().Trim(), step.Http.RequestAborted);
        }
        catch (DomainException e)
        {
            return await FormAsync(step.Http, step.Texts, step.Browser, step.Time, returnUrl, step.Texts.Text(LoginMessages.ForCode(e.Error)), null);
        }

        await step.Cookie.RenewAsync(step.Http, current.SessionId);
        return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    public static async Task<IResult> SendAsync([AsParameters] CodeStepRequest step)
    {
        var (_, returnUrl, current, refused) = await OpenAsync(step);
        if (refused is not null)
        {
            return refused;
        }

        var error = await TrySendAsync(step.SignIn, step.Texts, current, step.Http.RequestAborted);
        return await FormAsync(step.Http, step.Texts, step.Browser, step.Time, returnUrl, error, error is null ? step.Texts["CodeResent"].Value : null);
    }

    /// <summary>Asks for a mailed code; returns the message to show when the throttle or the lockout refuses.</summary>
    public static async Task<string?> TrySendAsync(SignIn signIn, IStringLocalizer<LoginTexts> texts, BrowserSession current, CancellationToken ct)
    {
        try
        {
            await signIn.SendOtpEmailCodeAsync(current.SessionId, current.User.Id, ct);
            return null;
        }
        catch (DomainException e) when (e.Error.RetryAfter is { } wait)
        {
            return texts["ErrorThrottled", Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)].Value;
        }
        catch (DomainException e)
        {
            return texts.Text(LoginMessages.ForSend(e.Error));
        }
    }

    /// <summary>
    /// The posted form and the browser's session when a post to the code step may go on; otherwise the answer to give
    /// instead (the form again, the first step, or the next step when this one is not open).
    /// </summary>
    private static async Task<(IFormCollection Form, string ReturnUrl, BrowserSession Current, IResult? Refused)> OpenAsync(CodeStepRequest step)
    {
        var (http, antiforgery, texts, browser, _, _, time) = step;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return (form, returnUrl, null!, await FormAsync(http, texts, browser, time, returnUrl, texts.Text(LoginMessage.ErrorForm), null));
        }

        if (await browser.CurrentAsync(http) is not { } current)
        {
            return (form, returnUrl, null!, LoginPages.SessionGone(http, texts, returnUrl));
        }

        var open = LoginPages.CodeStepIsOpen(current.Session, current.User.OtpEmail, time.GetUtcNow());
        return (form, returnUrl, current, open ? null : LoginPages.ToNextStep(returnUrl));
    }
}
