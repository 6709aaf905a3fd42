using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Login;

/// <summary>Where the hosted login sends the browser once the sign-in is done: never to another origin.</summary>
public abstract class LoginRedirectTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : LoginRedirectTests(server);

    public sealed class OnPostgres(PostgresServer server) : LoginRedirectTests(server);

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/ui/\\..\\\\evil.example")]
    [InlineData("/\u200b/evil.example")]
    public async Task A_tab_or_other_stripped_character_in_returnUrl_cannot_redirect_to_another_origin(string returnUrl)
    {
        var user = await server.Accounts.CreateHumanAsync();
        using var browser = new LoginBrowser(server.Process.BaseAddress);

        var page = await browser.PageAsync($"/ui/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Contains("name=\"returnUrl\" value=\"/ui/security\"", page, StringComparison.Ordinal);
        // The attacker's page may post the value itself instead of relying on the form.
        using var name = await browser.EnterLoginNameAsync(user.LoginName, returnUrl);
        Assert.Equal(HttpStatusCode.Found, name.StatusCode);
        using var password = await browser.EnterPasswordAsync(user.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Found, password.StatusCode);
        using var done = await browser.GetAsync(LoginBrowser.LocationOf(password)!);

        Assert.Equal(HttpStatusCode.Found, done.StatusCode);
        Assert.Equal("/ui/security", LoginBrowser.LocationOf(done));
    }

    [Fact]
    public async Task A_local_return_url_is_followed_after_sign_in()
    {
        var user = await server.Accounts.CreateHumanAsync();
        using var browser = new LoginBrowser(server.Process.BaseAddress);
        const string back = "/ui/security?returnUrl=%2Fui%2Fsecurity";

        using var name = await browser.EnterLoginNameAsync(user.LoginName, back);
        using var password = await browser.EnterPasswordAsync(user.Password, back);
        using var done = await browser.GetAsync(LoginBrowser.LocationOf(password)!);

        Assert.Equal(back, LoginBrowser.LocationOf(done));
    }
}
