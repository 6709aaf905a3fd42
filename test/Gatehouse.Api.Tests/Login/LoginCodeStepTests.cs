using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;

namespace Gatehouse.Api.Tests.Login;

/// <summary>The mailed code is the second step: a visitor who knows only the login name cannot reach it.</summary>
public abstract class LoginCodeStepTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : LoginCodeStepTests(server);

    public sealed class OnPostgres(PostgresServer server) : LoginCodeStepTests(server);

    [Fact]
    public async Task A_visitor_with_only_the_login_name_can_neither_send_a_code_nor_see_the_masked_address()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        using var visitor = new LoginBrowser(server.Process.BaseAddress);
        using (var name = await visitor.EnterLoginNameAsync(user.LoginName))
        {
            Assert.Equal(HttpStatusCode.Found, name.StatusCode);
        }

        using var page = await visitor.GetAsync("/ui/otp?returnUrl=%2Fui%2Fsecurity");
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.StartsWith("/ui/continue", LoginBrowser.LocationOf(page), StringComparison.Ordinal);
        using var send = await visitor.SendCodeAsync();
        Assert.Equal(HttpStatusCode.Found, send.StatusCode);
        Assert.StartsWith("/ui/continue", LoginBrowser.LocationOf(send), StringComparison.Ordinal);
        var masked = user.Email[..1] + "•••";
        Assert.DoesNotContain(masked, await send.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The cooldown was not spent: the real sign-in mails its code at once and goes straight to the code page.
        using var owner = new LoginBrowser(server.Process.BaseAddress);
        using (await owner.EnterLoginNameAsync(user.LoginName))
        using (var password = await owner.EnterPasswordAsync(user.Password))
        {
            Assert.Equal(HttpStatusCode.Found, password.StatusCode);
            Assert.StartsWith("/ui/otp", LoginBrowser.LocationOf(password), StringComparison.Ordinal);
        }

        var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email));
        using var done = await owner.EnterCodeAsync(code);
        Assert.StartsWith("/ui/continue", LoginBrowser.LocationOf(done), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_with_only_the_login_name_cannot_guess_codes()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        using var visitor = new LoginBrowser(server.Process.BaseAddress);
        using (await visitor.EnterLoginNameAsync(user.LoginName))
        {
        }

        for (var i = 0; i < 3; i++)
        {
            using var guess = await visitor.EnterCodeAsync("00000000");
            Assert.Equal(HttpStatusCode.Found, guess.StatusCode);
            Assert.StartsWith("/ui/continue", LoginBrowser.LocationOf(guess), StringComparison.Ordinal);
        }

        // The real user's sign-in still goes on to the code, whose guesses were not spent.
        using var password = await visitor.EnterPasswordAsync(user.Password);
        Assert.StartsWith("/ui/otp", LoginBrowser.LocationOf(password), StringComparison.Ordinal);
    }
}
