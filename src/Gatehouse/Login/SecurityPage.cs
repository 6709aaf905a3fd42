using Gatehouse.Oidc;
using System.Data.Common;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Gatehouse.Login.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Gatehouse.Transport;

namespace Gatehouse.Login;

/// <summary>
/// The signed-in user's security page: factors, OTP Email on and off (verifying the address right here when it is
/// not verified yet, instead of failing with "not ready" as ZITADEL's console does), and recent sign-ins. Changes go
/// through <see cref="MyAccount"/> and <see cref="OtpEmailEnrolment"/>, the same code as the Auth API.
/// </summary>
internal static class SecurityPage
{
    private const string Path = "/ui/security";
    private const string ChangedKey = "gatehouse.security.changed";

    public static void MapGatehouseSecurityPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path + "/otp-email/add", async ([AsParameters] SecurityPageRequest page, SignIn signIn) =>
        {
            var result = await ChangeAsync(page, "NoticeOtpAdded", (user, _) => page.OtpEmail.AddAsync(user.Id, new CommandContext(user.Id, user.OrgId), page.Http.RequestAborted));
            if (page.Http.Items[ChangedKey] is not BrowserSession current)
            {
                return result;
            }

            // From now on this user is asked for the code, this browser too: try the new factor at once, which also
            // lifts this session to two factors. A throttled mail is no dead end: the code page offers to send one.
            try
            {
                await signIn.SendOtpEmailCodeAsync(current.SessionId, current.User.Id, page.Http.RequestAborted);
            }
            catch (DomainException)
            {
            }

            return Results.Redirect($"/ui/otp?returnUrl={Uri.EscapeDataString(((RedirectHttpResult)result).Url)}");
        }).RequireFormBody();
        app.MapPost(Path + "/otp-email/remove", ([AsParameters] SecurityPageRequest page) =>
            ChangeAsync(page, "NoticeOtpRemoved", (user, _) => page.OtpEmail.RemoveAsync(user.Id, new CommandContext(user.Id, user.OrgId), page.Http.RequestAborted))).RequireFormBody();
        app.MapPost(Path + "/email", ([AsParameters] SecurityPageRequest page) =>
            ChangeAsync(page, "NoticeCodeSent",
                (user, form) => page.Account.SetEmailAsync(user.Id, user.OrgId, form["email"].ToString().Trim(), page.Http.RequestAborted))).RequireFormBody();
        app.MapPost(Path + "/email/resend", ([AsParameters] SecurityPageRequest page) =>
            ChangeAsync(page, "NoticeCodeSent", (user, _) => page.Account.ResendEmailCodeAsync(user.Id, user.OrgId, page.Http.RequestAborted))).RequireFormBody();
        app.MapPost(Path + "/email/verify", ([AsParameters] SecurityPageRequest page) =>
            ChangeAsync(page, "NoticeEmailVerified",
                (user, form) => page.Account.VerifyEmailAsync(user.Id, user.OrgId, form["code"].ToString().Trim(), page.Http.RequestAborted))).RequireFormBody();
    }

    /// <summary>The page is for a finished sign-in: password checked, and the code too if the user has OTP Email.</summary>
    private static async Task<BrowserSession?> SignedInAsync(HttpContext http, BrowserSessions browser, TimeProvider time) =>
        await browser.CurrentAsync(http) is { } current && current.User.State == UserStates.Active
            && SignInProgress.Next(current.Session, current.User.OtpEmail, secondFactorRequired: false, time.GetUtcNow()) == SignInStep.Done
            ? current
            : null;

    private static async Task<IResult> ShowAsync(
        HttpContext http, IStringLocalizer<LoginTexts> texts, BrowserSessions browser, IReadModels db, TimeProvider time, string? notice, string? returnUrl)
    {
        if (await SignedInAsync(http, browser, time) is not { } current)
        {
            return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(Path)}");
        }

        // Only the page's own notices: the query cannot put words of an attacker's choosing on the page.
        var message = notice is "NoticeOtpAdded" or "NoticeOtpRemoved" or "NoticeEmailVerified" or "NoticeCodeSent" ? texts[notice].Value : null;
        return await RenderAsync(http, db, current, null, message, returnUrl is null ? null : ReturnUrl.Safe(returnUrl));
    }

    private static async Task<IResult> ChangeAsync(SecurityPageRequest page, string notice, Func<UserRow, IFormCollection, Task<ObjectDetails>> change)
    {
        var (http, antiforgery, texts, browser, db, time, _, _) = page;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (await SignedInAsync(http, browser, time) is not { } current)
        {
            return Results.Redirect($"/ui/continue?returnUrl={Uri.EscapeDataString(Path)}");
        }

        var returnUrl = form["returnUrl"].ToString() is { Length: > 0 } back ? ReturnUrl.Safe(back) : null;
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return await RenderAsync(http, db, current, texts.Text(LoginMessage.ErrorForm), null, returnUrl);
        }

        try
        {
            await change(current.User, form);
        }
        catch (DomainException e)
        {
            // The same translated texts as the API's error messages, without the id.
            current = await browser.CurrentAsync(http) ?? current;
            return await RenderAsync(http, db, current, http.RequestServices.GetRequiredService<ErrorTexts>().Translate(e.Error.Key, LoginLanguage.Current), null, returnUrl);
        }

        http.Items[ChangedKey] = current;
        var back2 = returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}";
        return Results.Redirect($"{Path}?notice={notice}{back2}");
    }

    private static async Task<IResult> RenderAsync(HttpContext http, IReadModels db, BrowserSession current, string? error, string? notice, string? returnUrl)
    {
        var user = current.User;
        var rows = await RecentSignInsAsync(db, user.Id, current.SessionId, http.RequestAborted);
        var view = new SecurityView(user.UserName, user.DisplayName ?? user.UserName, user.Email, user.EmailVerified,
            HasVerifiedEmail: user.VerifiedEmail is not null, user.OtpEmail, rows);
        return LoginPage.Show<SecurityOverview>(http, new Dictionary<string, object?>
        {
            [nameof(SecurityOverview.View)] = view,
            [nameof(SecurityOverview.Error)] = error,
            [nameof(SecurityOverview.Notice)] = notice,
            [nameof(SecurityOverview.ReturnUrl)] = returnUrl,
        });
    }

    private static string Device(string? userAgent) =>
        userAgent is null ? "—" : userAgent.Length > 60 ? userAgent[..60] + "…" : userAgent;

    private static Task<List<RecentSignIn>> RecentSignInsAsync(IReadModels db, string userId, string currentSessionId, CancellationToken ct) =>
        db.QueryAsync(
            """
            SELECT id, created_at, password_checked_at, otp_email_checked_at, terminated, user_agent FROM sessions
            WHERE user_id = @user AND (password_checked_at IS NOT NULL OR otp_email_checked_at IS NOT NULL)
            ORDER BY created_at DESC LIMIT 10
            """,
            r => new RecentSignIn(UnixMicroseconds.ToTime(r.GetInt64(1)),
                [.. r.IsDBNull(2) ? Array.Empty<string>() : ["password"], .. r.IsDBNull(3) ? Array.Empty<string>() : ["email code"]],
                ThisBrowser: r.GetString(0) == currentSessionId, Device(r.NullableString(5)), r.Flag(4)),
            ct, ("@user", userId));
}
