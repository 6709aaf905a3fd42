using System.Globalization;
using Gatehouse.Domain;
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

    public static async Task<IResult> SubmitAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, SignIn signIn, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var (refused, current) = await OpenAsync(http, antiforgery, texts, browser, time, returnUrl);
        if (refused is not null)
        {
            return refused;
        }

        try
        {
            await signIn.CheckOtpEmailAsync(current.SessionId, form["code"].ToString().Trim(), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return await FormAsync(http, texts, browser, time, returnUrl, texts.Text(LoginMessages.ForCode(e.Error)), null);
        }

        await browser.RenewAsync(http, current.SessionId);
        return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    public static async Task<IResult> SendAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, SignIn signIn, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = ReturnUrl.Safe(form["returnUrl"]);
        var (refused, current) = await OpenAsync(http, antiforgery, texts, browser, time, returnUrl);
        if (refused is not null)
        {
            return refused;
        }

        var error = await TrySendAsync(signIn, texts, current, http.RequestAborted);
        return await FormAsync(http, texts, browser, time, returnUrl, error, error is null ? texts["CodeResent"].Value : null);
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
    /// The browser's session when a post to the code step may go on; otherwise the answer to give instead (the form
    /// again, the first step, or the next step when this one is not open).
    /// </summary>
    private static async Task<(IResult? Refused, BrowserSession Current)> OpenAsync(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, TimeProvider time, string returnUrl)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return (await FormAsync(http, texts, browser, time, returnUrl, texts.Text(LoginMessage.ErrorForm), null), null!);
        }

        if (await browser.CurrentAsync(http) is not { } current)
        {
            return (LoginPages.SessionGone(http, texts, returnUrl), null!);
        }

        var open = LoginPages.CodeStepIsOpen(current.Session, current.User.OtpEmail, time.GetUtcNow());
        return (open ? null : LoginPages.ToNextStep(returnUrl), current);
    }
}
