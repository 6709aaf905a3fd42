using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Login;

/// <summary>One client cannot open sessions by the thousand, and a sign-in left unfinished stops working.</summary>
[Collection(SeparateProcesses.Name)]
public sealed class LoginFloodTests
{
    [Fact]
    public async Task Login_posts_over_the_per_address_limit_get_429_with_retry_after_and_create_no_session()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Login__RateLimitPermits"] = "5",
            ["Login__RateLimitWindow"] = "00:01:00",
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var user = await new Accounts(clients, server).CreateHumanAsync();
            using var browser = new LoginBrowser(server.BaseAddress);
            for (var i = 0; i < 5; i++)
            {
                using var allowed = await browser.EnterLoginNameAsync(user.LoginName);
                Assert.Equal(HttpStatusCode.Found, allowed.StatusCode);
            }

            var cookie = browser.LoginCookie!.Value;
            using var refused = await browser.EnterLoginNameAsync(user.LoginName);

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, refused.Headers.RetryAfter?.ToString());
            Assert.Contains("text/html", refused.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            Assert.Equal(cookie, browser.LoginCookie!.Value);
            // Every login step counts, the password too; the pages themselves (GET) still show.
            using var password = await browser.EnterPasswordAsync(user.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, password.StatusCode);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_sign_in_left_unfinished_longer_than_its_lifetime_must_start_again_while_a_finished_one_stays()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Login__UnfinishedSignInLifetime"] = "00:00:03",
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var user = await new Accounts(clients, server).CreateHumanAsync();
            using var unfinished = new LoginBrowser(server.BaseAddress);
            using (await unfinished.EnterLoginNameAsync(user.LoginName))
            {
            }

            using var finished = new LoginBrowser(server.BaseAddress);
            using (await finished.EnterLoginNameAsync(user.LoginName))
            using (await finished.EnterPasswordAsync(user.Password))
            {
            }

            using (var before = await unfinished.GetAsync("/ui/password"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);

            using var late = await unfinished.GetAsync("/ui/password");
            Assert.Equal(HttpStatusCode.Found, late.StatusCode);
            Assert.StartsWith("/ui/login", LoginBrowser.LocationOf(late), StringComparison.Ordinal);
            using var stillSignedIn = await finished.GetAsync("/ui/security");
            Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_wrong_login_setting_stops_the_start_with_a_message_naming_it()
    {
        var result = await GatehouseProcess.RunCommandAsync([], environment: new Dictionary<string, string>
        {
            ["Login__RateLimitPermits"] = "-1",
            ["Login__NoSuchSetting"] = "x",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Login:RateLimitPermits", result.ToString(), StringComparison.Ordinal);
        Assert.Contains("Login:NoSuchSetting", result.ToString(), StringComparison.Ordinal);
    }
}
