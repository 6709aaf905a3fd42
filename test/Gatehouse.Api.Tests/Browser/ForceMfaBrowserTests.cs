using System.Text.RegularExpressions;
using Gatehouse.Api.Tests.Hosting;
using Microsoft.Playwright;

namespace Gatehouse.Api.Tests.Browser;

/// <summary>The browser fixture with the login policy's forceMfa on.</summary>
public sealed class ForceMfaBrowserFixture : OidcBrowserFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraEnvironment { get; } =
        new Dictionary<string, string> { ["Gatehouse__LoginPolicy__ForceMfa"] = "true" };
}

/// <summary>
/// Under forceMfa, a real browser signs in to the sample application as a user with only a password: the hosted login
/// offers OTP Email, sets it up, mails the code, and the application gets the user only after the code, with mfa.
/// </summary>
[Collection(SeparateProcesses.Name)]
public sealed class ForceMfaBrowserTests(ForceMfaBrowserFixture fixture) : IClassFixture<ForceMfaBrowserFixture>
{
    [Fact]
    public async Task Under_force_mfa_a_password_only_user_sets_up_otp_email_enters_the_code_and_reaches_the_app_with_mfa()
    {
        var user = await new Accounts(fixture.Clients, fixture.Server).CreateHumanAsync();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(fixture.Sample.BaseAddress.ToString());
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new Regex("/ui/login"));
        await page.GetByLabel("Login name").FillAsync(user.LoginName);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/ui/password"));
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/ui/otp/set"));
        var masked = user.Email[..1] + "•••" + user.Email[user.Email.IndexOf('@', StringComparison.Ordinal)..];
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Set up a second factor");
        await Assertions.Expect(page.Locator("#otpSetUp")).ToContainTextAsync(masked);
        await Chromium.ScreenshotAsync(page, "21-otp-email-set-up");

        // Keyboard only: the set-up button is the first control after the language switch.
        var setUp = page.GetByRole(AriaRole.Button, new() { Name = "Set up and send a code" });
        await setUp.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/ui/otp\\?"));
        await Assertions.Expect(page.Locator("#codeSent")).ToHaveTextAsync($"We sent a code to {masked}.");
        var mail = await fixture.Smtp.WaitForAsync(user.Email);
        var code = Regex.Match(mail.TextBody ?? "", @"\b[0-9]{8}\b").Value;
        await page.GetByLabel("Code").FillAsync(code);
        await Chromium.ScreenshotAsync(page, "22-otp-email-first-code");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(fixture.Sample.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#amr")).ToHaveTextAsync("pwd otp mfa");
        await Chromium.ScreenshotAsync(page, "23-force-mfa-signed-in");
    }
}
