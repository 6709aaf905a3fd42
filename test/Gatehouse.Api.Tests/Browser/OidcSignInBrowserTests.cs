using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Api.Tests.Hosting;
using Microsoft.Playwright;

namespace Gatehouse.Api.Tests.Browser;

/// <summary>
/// Issue 5's acceptance: a real browser signs in to the sample application through Gatehouse's hosted login with a
/// password and the code mailed to the test SMTP server, the access token calls the Auth API, and signing out ends it.
/// </summary>
[Collection(SeparateProcesses.Name)]
public sealed class OidcSignInBrowserTests(OidcBrowserFixture fixture) : IClassFixture<OidcBrowserFixture>
{
    [Fact]
    public async Task A_user_signs_in_to_the_sample_with_password_and_mailed_code_calls_the_api_and_signs_out()
    {
        var accounts = new Accounts(fixture.Clients, fixture.Server);
        var user = await accounts.CreateHumanAsync();
        await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", user.Token, HttpStatusCode.OK);

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(fixture.Sample.BaseAddress.ToString());
        await Chromium.ScreenshotAsync(page, "01-sample-signed-out");
        await page.ClickAsync("#sign-in");

        // Keyboard only, as a user without a mouse: labels lead to the fields, Enter submits.
        await page.WaitForURLAsync(new Regex("/ui/login"));
        await Assertions.Expect(page.GetByLabel("Login name")).ToBeFocusedAsync();
        await page.GetByLabel("Login name").FillAsync(user.LoginName);
        await Chromium.ScreenshotAsync(page, "02-login-name");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/ui/password"));
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The password is wrong.");
        await page.GetByLabel("Password").FillAsync(user.Password);
        await Chromium.ScreenshotAsync(page, "03-password");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/ui/otp"));
        var masked = user.Email[..1] + "•••" + user.Email[user.Email.IndexOf('@', StringComparison.Ordinal)..];
        await Assertions.Expect(page.Locator("#codeSent")).ToHaveTextAsync($"We sent a code to {masked}.");
        Assert.Equal("one-time-code", await page.GetByLabel("Code").GetAttributeAsync("autocomplete"));
        await Chromium.ScreenshotAsync(page, "04-email-code");
        var mail = await fixture.Smtp.WaitForAsync(user.Email);
        var code = Regex.Match(mail.TextBody ?? "", @"\b[0-9]{8}\b").Value;

        // Asking again at once hits the Session API's cooldown: a clear message, and no second mail.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a new code" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please wait");
        await Chromium.ScreenshotAsync(page, "05-resend-throttled");
        Assert.Equal(1, fixture.Smtp.CountTo(user.Email));

        await page.GetByLabel("Code").FillAsync(code == "00000000" ? "11111111" : "00000000");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That code is wrong. Check the email and try again.");
        await Chromium.ScreenshotAsync(page, "06-wrong-code");

        await page.GetByLabel("Code").FillAsync(code);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(fixture.Sample.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync("Test User");
        await Assertions.Expect(page.Locator("#amr")).ToHaveTextAsync("pwd otp mfa");
        await Chromium.ScreenshotAsync(page, "07-sample-signed-in");
        var accessToken = (await page.Locator("#access-token").TextContentAsync())!.Trim();

        // The access token is a bearer token for the Auth API: the user re-enrols OTP Email with it.
        await SendAsync(HttpMethod.Delete, "/auth/v1/users/me/auth_factors/otp_email", accessToken, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", accessToken, HttpStatusCode.OK);
        var factors = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", accessToken, HttpStatusCode.OK);
        Assert.Equal("AUTH_FACTOR_STATE_READY", factors.GetProperty("result")[0].GetProperty("state").GetString());
        Assert.True(factors.GetProperty("result")[0].TryGetProperty("otpEmail", out _));

        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/ui/security").ToString());
        await Assertions.Expect(page.Locator("#otpEmailFactor")).ToContainTextAsync("On");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "password + email code" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "08-security-page");

        await page.GotoAsync(fixture.Sample.BaseAddress.ToString());
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync(fixture.Sample.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "09-sample-signed-out-again");

        // Signing out ended the login session, and with it every token issued for it.
        await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", accessToken, HttpStatusCode.Unauthorized);
        using var introspection = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcBrowserFixture.ClientId,
            ["client_secret"] = OidcBrowserFixture.ClientSecret,
            ["token"] = accessToken,
        });
        using var introspected = await fixture.Clients.Rest.PostAsync(new Uri("/oauth/v2/introspect", UriKind.Relative), introspection, TestContext.Current.CancellationToken);
        var active = JsonDocument.Parse(await introspected.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("active");
        Assert.False(active.GetBoolean());
    }

    [Fact]
    public async Task The_login_speaks_german_when_asked_and_the_switch_remembers_it()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/ui/login").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Anmelden");
        await Assertions.Expect(page.GetByLabel("Loginname")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "10-login-german");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sign in");
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/ui/login").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sign in");
    }

    [Fact]
    public async Task A_user_verifies_the_email_and_turns_on_the_email_code_on_the_security_page()
    {
        var user = await new Accounts(fixture.Clients, fixture.Server).CreateHumanAsync(verified: false);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/ui/security").ToString());
        await page.GetByLabel("Login name").FillAsync(user.LoginName);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/ui/security"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Turn on" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a verification code" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("We sent a verification code to your email address.");
        var mail = await fixture.Smtp.WaitForAsync(user.Email);
        var code = Accounts.CodeIn(mail.ToString());
        await page.GetByLabel("Verification code from the email").FillAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your email address is verified.");

        // Turning the factor on tries it at once: the next page asks for the code just mailed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/otp"));
        var otpMail = await WaitForMailAsync(user.Email, m => m.Subject?.Contains("One-Time", StringComparison.OrdinalIgnoreCase) == true);
        await page.GetByLabel("Code").FillAsync(Regex.Match(otpMail.TextBody ?? "", @"\b[0-9]{8}\b").Value);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/ui/security"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("One-time codes by email are now on.");
        await Assertions.Expect(page.Locator("#otpEmailFactor")).ToContainTextAsync("On");
    }

    [Fact]
    public async Task A_user_locked_by_wrong_passwords_is_told_so()
    {
        var user = await new Accounts(fixture.Clients, fixture.Server).CreateHumanAsync();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/ui/login").ToString());
        await page.GetByLabel("Login name").FillAsync(user.LoginName);
        await page.Keyboard.PressAsync("Enter");
        for (var i = 0; i < OidcBrowserFixture.MaxPasswordAttempts; i++)
        {
            await page.GetByLabel("Password").FillAsync("wrong-password");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        }

        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account is locked. Ask your administrator to unlock it.");
        await Chromium.ScreenshotAsync(page, "11-locked");
    }

    private async Task<MimeKit.MimeMessage> WaitForMailAsync(string recipient, Func<MimeKit.MimeMessage, bool> accept)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (fixture.Smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(to => to.Address == recipient) && accept(m)) is { } mail)
            {
                return mail;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No matching mail to {recipient}.");
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, HttpStatusCode expected)
    {
        using var request = ApiClients.Request(method, path, token, method == HttpMethod.Get || method == HttpMethod.Delete ? null : "{}");
        using var response = await fixture.Clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}

/// <summary>One SMTP sink, server, sample client and browser for the browser tests; each test uses its own context.</summary>
public class OidcBrowserFixture : IAsyncLifetime
{
    public const string ClientId = "sample";
    public const string ClientSecret = "sample-secret-for-tests";

    /// <summary>Lockout is on for this server (ZITADEL's default is off) to show the locked message.</summary>
    public const int MaxPasswordAttempts = 3;

    private IPlaywright playwright = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public GatehouseProcess Server { get; private set; } = null!;

    public SampleClientProcess Sample { get; private set; } = null!;

    public ApiClients Clients { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Settings a derived fixture adds to the server's environment (a login policy, say).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync(SmtpSink.FreePort());
        var serverPort = SmtpSink.FreePort();
        var samplePort = SmtpSink.FreePort();
        var sampleBase = $"http://127.0.0.1:{samplePort}";
        Server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "none",
            ["Smtp__From"] = "Gatehouse <gatehouse@acme.test>",
            ["Gatehouse__MaxPasswordAttempts"] = MaxPasswordAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Oidc__Issuer"] = $"http://127.0.0.1:{serverPort}",
            ["Oidc__Clients__0__ClientId"] = ClientId,
            ["Oidc__Clients__0__ClientSecret"] = ClientSecret,
            ["Oidc__Clients__0__DisplayName"] = "Sample client",
            ["Oidc__Clients__0__RedirectUris__0"] = $"{sampleBase}/signin-oidc",
            ["Oidc__Clients__0__PostLogoutRedirectUris__0"] = $"{sampleBase}/signout-callback-oidc",
        }.Concat(ExtraEnvironment).ToDictionary(), port: serverPort);
        Sample = await SampleClientProcess.StartAsync(samplePort, Server.BaseAddress, ClientId, ClientSecret);
        Clients = new ApiClients(Server.BaseAddress);
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        Clients.Dispose();
        await Sample.DisposeAsync();
        await Server.DisposeAsync();
        Server.DeleteData();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
