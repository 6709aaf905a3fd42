using Microsoft.Playwright;

namespace Gatehouse.Api.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (which cannot download its own browsers here), headless, with a fresh
/// profile per launch. Screenshots go to TestResults/screenshots at the repository root, kept as test artifacts.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static string ScreenshotFolder => Path.Combine(Hosting.GatehouseProcess.RepositoryRoot, "TestResults", "screenshots");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
