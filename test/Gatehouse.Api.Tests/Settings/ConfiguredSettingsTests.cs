using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Settings;

/// <summary>
/// What an operator configures is what a login reads, and the lockout it reads is the one that locks. Settings are
/// configuration, not storage, so one server on the default store is enough here; the shared servers cover both stores.
/// </summary>
public sealed class ConfiguredSettingsTests : IAsyncLifetime
{
    private GatehouseProcess? process;
    private ApiClients? clients;

    public async ValueTask InitializeAsync()
    {
        process = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Gatehouse__LoginPolicy__ForceMfa"] = "true",
            ["Gatehouse__LoginPolicy__SecondFactorCheckLifetime"] = "02:00:00",
            ["Gatehouse__LoginPolicy__DefaultRedirectUri"] = "https://app.example.com/",
            ["Gatehouse__Branding__PrimaryColor"] = "#112233",
            ["Gatehouse__Branding__ThemeMode"] = "Dark",
            ["Gatehouse__LegalAndSupport__TosLink"] = "https://example.com/tos",
            ["Gatehouse__MaxPasswordAttempts"] = "3",
            ["Gatehouse__MaxOtpAttempts"] = "4",
        });
        clients = new ApiClients(process.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        clients?.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
            process.DeleteData();
        }
    }

    private async Task<JsonElement> SettingsAsync(string path)
    {
        var (_, body) = await clients!.JsonAsync(HttpMethod.Get, path, process!.ReadLoginClientToken());
        return body.GetProperty("settings");
    }

    [Fact]
    public async Task A_login_reads_the_configured_policy_branding_links_and_lockout()
    {
        var login = await SettingsAsync("/v2/settings/login");
        Assert.True(login.GetProperty("forceMfa").GetBoolean());
        Assert.Equal("7200s", login.GetProperty("secondFactorCheckLifetime").GetString());
        Assert.Equal("https://app.example.com/", login.GetProperty("defaultRedirectUri").GetString());

        var branding = await SettingsAsync("/v2/settings/branding");
        Assert.Equal("#112233", branding.GetProperty("lightTheme").GetProperty("primaryColor").GetString());
        Assert.Equal("THEME_MODE_DARK", branding.GetProperty("themeMode").GetString());

        Assert.Equal("https://example.com/tos", (await SettingsAsync("/v2/settings/legal_support")).GetProperty("tosLink").GetString());

        var lockout = await SettingsAsync("/v2/settings/lockout");
        Assert.Equal("3", lockout.GetProperty("maxPasswordAttempts").GetString());
        Assert.Equal("4", lockout.GetProperty("maxOtpAttempts").GetString());
    }

    private static string SignIn(string loginName, string password) =>
        JsonSerializer.Serialize(new { checks = new { user = new { loginName }, password = new { password } } });

    [Fact]
    public async Task The_lockout_a_login_reads_is_the_one_that_locks()
    {
        var accounts = new Accounts(clients!, process!);
        var lockout = await SettingsAsync("/v2/settings/lockout");
        var attempts = int.Parse(lockout.GetProperty("maxPasswordAttempts").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SignInAfterWrongPasswordsAsync(int wrong)
        {
            var user = await accounts.CreateHumanAsync();
            for (var i = 0; i < wrong; i++)
            {
                await clients!.JsonAsync(HttpMethod.Post, "/v2/sessions", accounts.LoginClientToken, SignIn(user.LoginName, "wrong-Password1!"));
            }

            return await clients!.JsonAsync(HttpMethod.Post, "/v2/sessions", accounts.LoginClientToken, SignIn(user.LoginName, user.Password));
        }

        Assert.Equal(System.Net.HttpStatusCode.Created, (await SignInAfterWrongPasswordsAsync(attempts - 1)).Status);
        var (status, body) = await SignInAfterWrongPasswordsAsync(attempts);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Equal("SESSION-Gj4ko", body.GetProperty("details")[0].GetProperty("id").GetString());
    }
}
