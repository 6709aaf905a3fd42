using System.Net;
using System.Text;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;

namespace Gatehouse.Api.Tests.Login;

/// <summary>The login cookie is issued anew at every step that raises the sign-in, so an earlier value cannot be fixed on a victim.</summary>
public abstract class LoginCookieTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : LoginCookieTests(server);

    public sealed class OnPostgres(PostgresServer server) : LoginCookieTests(server);

    [Fact]
    public async Task The_login_cookie_changes_after_the_password_and_after_the_code_and_the_old_values_stop_working()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        using var browser = new LoginBrowser(server.Process.BaseAddress);

        using (await browser.EnterLoginNameAsync(user.LoginName))
        {
        }

        var afterName = browser.LoginCookie!.Value;
        using (var password = await browser.EnterPasswordAsync(user.Password))
        {
            Assert.StartsWith("/ui/otp", LoginBrowser.LocationOf(password), StringComparison.Ordinal);
        }

        var afterPassword = browser.LoginCookie!.Value;
        Assert.NotEqual(afterName, afterPassword);
        using (var codePage = await browser.GetAsync("/ui/otp"))
        {
            Assert.Equal(HttpStatusCode.OK, codePage.StatusCode);
        }

        var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email));
        using (var done = await browser.EnterCodeAsync(code))
        {
            Assert.StartsWith("/ui/continue", LoginBrowser.LocationOf(done), StringComparison.Ordinal);
        }

        var afterCode = browser.LoginCookie!.Value;
        Assert.NotEqual(afterPassword, afterCode);
        Assert.Equal(HttpStatusCode.OK, await SecurityPageStatusAsync(afterCode));
        // Someone holding an earlier value (planted before the sign-in, or seen halfway) is not signed in.
        Assert.Equal(HttpStatusCode.Found, await SecurityPageStatusAsync(afterName));
        Assert.Equal(HttpStatusCode.Found, await SecurityPageStatusAsync(afterPassword));
        using var stale = new LoginBrowser(server.Process.BaseAddress);
        stale.Cookies.Add(server.Process.BaseAddress, new Cookie("gatehouse.login", afterPassword));
        var staleCodePage = await stale.PageAsync("/ui/otp");
        Assert.Contains("action=\"/ui/login\"", staleCodePage, StringComparison.Ordinal);
        Assert.DoesNotContain("codeSent", staleCodePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_of_the_login_name_step_stops_working_once_the_password_was_checked()
    {
        var user = await server.Accounts.CreateHumanAsync();
        using var browser = new LoginBrowser(server.Process.BaseAddress);
        using (await browser.EnterLoginNameAsync(user.LoginName))
        {
        }

        var afterName = browser.LoginCookie!.Value;
        using (await browser.EnterPasswordAsync(user.Password))
        {
        }

        Assert.NotEqual(afterName, browser.LoginCookie!.Value);
        Assert.Equal(HttpStatusCode.OK, await SecurityPageStatusAsync(browser.LoginCookie!.Value));
        Assert.Equal(HttpStatusCode.Found, await SecurityPageStatusAsync(afterName));
    }

    private async Task<HttpStatusCode> SecurityPageStatusAsync(string cookie)
    {
        using var other = new LoginBrowser(server.Process.BaseAddress);
        other.Cookies.Add(server.Process.BaseAddress, new Cookie("gatehouse.login", cookie));
        using var page = await other.GetAsync("/ui/security");
        return page.StatusCode;
    }
}

/// <summary>Under TLS the login cookie carries the <c>__Host-</c> prefix, with what browsers demand of it.</summary>
[Collection(SeparateProcesses.Name)]
public sealed class LoginCookieTlsTests
{
    [Fact]
    public async Task Under_tls_the_login_cookie_is_a_host_cookie_secure_for_the_whole_site_and_without_domain()
    {
        await using var server = await GatehouseProcess.StartAsync(tls: true);
        try
        {
            using var browser = new LoginBrowser(server.BaseAddress);
            var name = $"u{Guid.NewGuid():N}"[..12];
            using (var create = new HttpRequestMessage(HttpMethod.Post, "/v2/users/human"))
            {
                create.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.ReadAdminToken());
                create.Content = new StringContent($$$"""
                    {"username":"{{{name}}}","profile":{"givenName":"T","familyName":"U"},"email":{"email":"{{{name}}}@acme.test","isVerified":true},
                     "password":{"password":"{{{Accounts.Password}}}"}}
                    """, Encoding.UTF8, "application/json");
                using var created = await browser.SendAsync(create);
                Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            }

            using var login = await browser.EnterLoginNameAsync(name);

            var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.Contains("gatehouse.login=", StringComparison.Ordinal));
            Assert.StartsWith("__Host-gatehouse.login=", setCookie, StringComparison.Ordinal);
            Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/;", setCookie + ";", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
            using var password = await browser.EnterPasswordAsync(Accounts.Password);
            using var security = await browser.GetAsync("/ui/security");
            Assert.Equal(HttpStatusCode.OK, security.StatusCode);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
