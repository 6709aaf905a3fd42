using Gatehouse.EventStore;
using System.Data.Common;
using System.Globalization;
using Gatehouse.Api;
using Gatehouse.Domain;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gatehouse.Login;

/// <summary>
/// The signed-in user's security page: factors, OTP Email on and off (verifying the address right here when it is
/// not verified yet, instead of failing with "not ready" as ZITADEL's console does), and recent sign-ins. Changes go
/// through <see cref="MyAccount"/>, the same code as the Auth API.
/// </summary>
internal static class SecurityPage
{
    private const string Path = "/ui/security";
    private const string ChangedKey = "gatehouse.security.changed";

    public static void MapGatehouseSecurityPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path + "/otp-email/add", async (HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, MyAccount account, SignIn signIn) =>
        {
            var result = await ChangeAsync(http, html, browser, db, time, "NoticeOtpAdded", (user, _) => account.AddOtpEmailAsync(user.Id, user.OrgId, http.RequestAborted));
            if (http.Items[ChangedKey] is not BrowserSession current)
            {
                return result;
            }

            // From now on this user is asked for the code, this browser too: try the new factor at once, which also
            // lifts this session to two factors. A throttled mail is no dead end: the code page offers to send one.
            try
            {
                await signIn.SendOtpEmailCodeAsync(current.SessionId, current.User.Id, http.RequestAborted);
            }
            catch (DomainException)
            {
            }

            return Results.Redirect($"/ui/otp?returnUrl={Uri.EscapeDataString(((RedirectHttpResult)result).Url)}");
        }).RequireFormBody();
        app.MapPost(Path + "/otp-email/remove", (HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, MyAccount account) =>
            ChangeAsync(http, html, browser, db, time, "NoticeOtpRemoved", (user, _) => account.RemoveOtpEmailAsync(user.Id, user.OrgId, http.RequestAborted))).RequireFormBody();
        app.MapPost(Path + "/email", (HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, MyAccount account) =>
            ChangeAsync(http, html, browser, db, time, "NoticeCodeSent",
                (user, form) => account.SetEmailAsync(user.Id, user.OrgId, form["email"].ToString().Trim(), http.RequestAborted))).RequireFormBody();
        app.MapPost(Path + "/email/resend", (HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, MyAccount account) =>
            ChangeAsync(http, html, browser, db, time, "NoticeCodeSent", (user, _) => account.ResendEmailCodeAsync(user.Id, user.OrgId, http.RequestAborted))).RequireFormBody();
        app.MapPost(Path + "/email/verify", (HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, MyAccount account) =>
            ChangeAsync(http, html, browser, db, time, "NoticeEmailVerified",
                (user, form) => account.VerifyEmailAsync(user.Id, user.OrgId, form["code"].ToString().Trim(), http.RequestAborted))).RequireFormBody();
    }

    /// <summary>The page is for a finished sign-in: password checked, and the code too if the user has OTP Email.</summary>
    private static async Task<BrowserSession?> SignedInAsync(HttpContext http, BrowserSessions browser, TimeProvider time) =>
        await browser.CurrentAsync(http) is { } current && current.User.State == UserStates.Active
            && SignInProgress.Next(current.Session, current.User.OtpEmail, secondFactorRequired: false, time.GetUtcNow()) == SignInStep.Done
            ? current
            : null;

    private static async Task<IResult> ShowAsync(HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, string? notice, string? returnUrl)
    {
        if (await SignedInAsync(http, browser, time) is not { } current)
        {
            return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(Path)}");
        }

        var lang = LoginTexts.LanguageOf(http);
        var message = notice is "NoticeOtpAdded" or "NoticeOtpRemoved" or "NoticeEmailVerified" or "NoticeCodeSent" ? LoginTexts.Get(notice, lang) : null;
        return await RenderAsync(http, html, db, current, null, message, returnUrl is null ? null : ReturnUrl.Safe(returnUrl));
    }

    private static async Task<IResult> ChangeAsync(
        HttpContext http, Html html, BrowserSessions browser, IReadModels db, TimeProvider time, string notice,
        Func<UserRow, IFormCollection, Task<ObjectDetails>> change)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (await SignedInAsync(http, browser, time) is not { } current)
        {
            return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(Path)}");
        }

        var lang = LoginTexts.LanguageOf(http);
        var returnUrl = form["returnUrl"].ToString() is { Length: > 0 } back ? ReturnUrl.Safe(back) : null;
        if (!await html.IsValidFormAsync(http))
        {
            return await RenderAsync(http, html, db, current, LoginTexts.Get("ErrorForm", lang), null, returnUrl);
        }

        try
        {
            await change(current.User, form);
        }
        catch (DomainException e)
        {
            // The same translated texts as the API's error messages, without the id.
            current = await browser.CurrentAsync(http) ?? current;
            return await RenderAsync(http, html, db, current, ErrorTexts.Translate(e.Error.Key, lang), null, returnUrl);
        }

        http.Items[ChangedKey] = current;
        var back2 = returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}";
        return Results.Redirect($"{Path}?notice={notice}{back2}");
    }

    private static async Task<IResult> RenderAsync(HttpContext http, Html html, IReadModels db, BrowserSession current, string? error, string? notice, string? returnUrl)
    {
        var lang = LoginTexts.LanguageOf(http);
        var user = current.User;
        var token = html.Antiforgery(http);
        var back = returnUrl is null ? "" : $"""<input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">""";
        string Form(string action, string label, string css = "") =>
            $"""<form class="inline" method="post" action="{Path}/{action}">{token}{back}<button type="submit" class="{css}">{Html.Text(label, lang)}</button></form>""";

        var otp = user.OtpEmail
            ? $"""<span class="badge on">{Html.Text("On", lang)}</span> {Form("otp-email/remove", "Remove", "danger")}"""
            : $"""<span class="badge">{Html.Text("Off", lang)}</span> {(user.VerifiedEmail is null ? "" : Form("otp-email/add", "Add"))}""";
        var verify = user.EmailVerified ? "" : $"""
            <p class="hint">{Html.Text("VerifyFirst", lang)}</p>
            <form method="post" action="{Path}/email/verify">{token}{back}
              <label for="verifyCode">{Html.Text("VerificationCode", lang)}</label>
              <input type="text" id="verifyCode" name="code" autocomplete="one-time-code" required>
              <button type="submit">{Html.Text("Verify", lang)}</button>
            </form>
            {Form("email/resend", "SendVerification", "secondary")}
            """;

        var rows = await RecentSignInsAsync(db, user.Id, http.RequestAborted);
        var table = string.Join("\n", rows.Select(r => $"""
            <tr><td>{Html.E(r.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}</td>
            <td>{Html.E(string.Join(" + ", r.Methods))}</td>
            <td>{Html.E(r.Id == current.SessionId ? LoginTexts.Get("ThisBrowser", lang) : Device(r.UserAgent))}</td>
            <td>{Html.Text(r.Terminated ? "Ended" : "Active", lang)}</td></tr>
            """));
        var continueLink = returnUrl is null ? "" : $"""<p><a href="/ui/continue?returnUrl={Html.E(Uri.EscapeDataString(returnUrl))}">{Html.Text("Continue", lang)}</a></p>""";

        return Html.Page(http, lang, LoginTexts.Get("SecurityTitle", lang), $"""
            <div class="row"><p>{Html.Text("SignedInAs", lang, user.DisplayName ?? user.UserName)} ({Html.E(user.UserName)})</p>
            <form method="post" action="/ui/logout">{token}<button type="submit" class="secondary">{Html.Text("SignOut", lang)}</button></form></div>
            {Html.Message(error, notice)}
            {continueLink}
            <h2>{Html.Text("Email", lang)}</h2>
            <p>{Html.E(user.Email)} <span class="badge{(user.EmailVerified ? " on" : "")}">{Html.Text(user.EmailVerified ? "Verified" : "NotVerified", lang)}</span></p>
            {verify}
            <details><summary>{Html.Text("ChangeEmail", lang)}</summary>
            <form method="post" action="{Path}/email">{token}{back}
              <label for="email">{Html.Text("NewEmail", lang)}</label>
              <input type="email" id="email" name="email" autocomplete="email" required>
              <button type="submit">{Html.Text("Save", lang)}</button>
            </form></details>
            <h2>{Html.Text("Factors", lang)}</h2>
            <table>
              <tr><td>{Html.Text("FactorPassword", lang)}</td><td><span class="badge on">{Html.Text("On", lang)}</span></td></tr>
              <tr><td>{Html.Text("FactorOtpEmail", lang)}</td><td id="otpEmailFactor">{otp}</td></tr>
            </table>
            <h2>{Html.Text("RecentSignIns", lang)}</h2>
            <table>
              <tr><th scope="col">{Html.Text("When", lang)}</th><th scope="col">{Html.Text("Methods", lang)}</th><th scope="col">{Html.Text("Device", lang)}</th><th scope="col">{Html.Text("Status", lang)}</th></tr>
              {table}
            </table>
            """, wide: true);
    }

    private static string Device(string? userAgent) =>
        userAgent is null ? "—" : userAgent.Length > 60 ? userAgent[..60] + "…" : userAgent;

    private static Task<List<SignInRow>> RecentSignInsAsync(IReadModels db, string userId, CancellationToken ct) =>
        db.QueryAsync(
            """
            SELECT id, created_at, password_checked_at, otp_email_checked_at, terminated, user_agent FROM sessions
            WHERE user_id = @user AND (password_checked_at IS NOT NULL OR otp_email_checked_at IS NOT NULL)
            ORDER BY created_at DESC LIMIT 10
            """,
            r => new SignInRow(r.GetString(0), UnixMicroseconds.ToTime(r.GetInt64(1)),
                [.. r.IsDBNull(2) ? Array.Empty<string>() : ["password"], .. r.IsDBNull(3) ? Array.Empty<string>() : ["email code"]],
                r.Flag(4), r.NullableString(5)),
            ct, ("@user", userId));

    private sealed record SignInRow(string Id, DateTimeOffset CreatedAt, IReadOnlyList<string> Methods, bool Terminated, string? UserAgent);
}
