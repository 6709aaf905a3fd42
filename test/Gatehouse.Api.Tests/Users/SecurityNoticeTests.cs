using System.Net;
using System.Text;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;

namespace Gatehouse.Api.Tests.Users;

/// <summary>
/// Issue #12, finding 18: nobody was told when the email changed or OTP Email was removed, so an intruder with the
/// password could do either unnoticed (ASVS 5.0 V6.3.7). The notice goes to the verified address, through the outbox.
/// </summary>
public abstract class SecurityNoticeTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : SecurityNoticeTests(server);

    public sealed class OnPostgres(PostgresServer server) : SecurityNoticeTests(server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Accounts Accounts => server.Accounts;

    [Fact]
    public async Task Changing_the_email_tells_the_old_verified_address_without_the_code_or_the_new_address()
    {
        var user = await Accounts.CreateHumanAsync();
        var moved = $"moved-{user.LoginName}@evil.test";

        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Put, "/auth/v1/users/me/email", user.Token, $$"""{"email":"{{moved}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, moved));
        var notice = await NoticeToAsync(user.Email, "Your email address was changed");
        Assert.Equal(user.Email, Assert.Single(notice.To.Mailboxes).Address);
        Assert.Contains(user.LoginName, notice.TextBody, StringComparison.Ordinal);
        Assert.Contains(user.LoginName, notice.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(code, notice.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.test", notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_otp_email_tells_the_verified_address_in_the_users_language()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(Accounts, server.Clients, language: "de");
        var full = await new SessionSteps(server.Clients, Accounts.LoginClientToken).SignInWithBothFactorsAsync(user);

        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Delete, "/auth/v1/users/me/auth_factors/otp_email", full);

        Assert.Equal(HttpStatusCode.OK, status);
        var notice = await NoticeToAsync(user.Email, "Anmeldecodes per Email wurden ausgeschaltet");
        Assert.Contains($"für dein Konto {user.LoginName}", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_removing_otp_email_tells_the_user_too()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(Accounts, server.Clients);

        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}/otp_email", Accounts.AdminToken);

        Assert.Equal(HttpStatusCode.OK, status);
        var notice = await NoticeToAsync(user.Email, "Sign-in codes by email were turned off");
        Assert.Contains("your password alone signs you in", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_removal_tells_nobody()
    {
        var user = await Accounts.CreateHumanAsync();

        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Delete, "/auth/v1/users/me/auth_factors/otp_email", user.Token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var folder = Path.Combine(server.Process.DataPath, "mail");
        Assert.DoesNotContain(Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [],
            f => File.ReadAllText(f).Contains(user.Email, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<MimeKit.MimeMessage> NoticeToAsync(string address, string subject)
    {
        var text = await Accounts.WaitForMailAsync(server.Process.DataPath, address, m => Subject(m) == subject);
        return Parse(text);
    }

    private static string Subject(string mail) => Parse(mail).Subject ?? "";

    private static MimeKit.MimeMessage Parse(string mail) => MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail)), Ct);
}
