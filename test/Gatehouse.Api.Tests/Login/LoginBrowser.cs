using System.Net;
using System.Text.RegularExpressions;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Login;

/// <summary>
/// One browser at the hosted login, step by step: keeps its cookies, never follows redirects, and posts each form
/// with the antiforgery token of the page it came from, so a test sees every status, Location and Set-Cookie.
/// </summary>
public sealed partial class LoginBrowser : IDisposable
{
    private readonly HttpClient http;

    public LoginBrowser(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        Cookies = new CookieContainer();
        var handler = TestCertificate.TrustingHandler();
        handler.CookieContainer = Cookies;
        handler.AllowAutoRedirect = false;
        http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public CookieContainer Cookies { get; }

    /// <summary>The login cookie (<c>gatehouse.login</c>, or <c>__Host-gatehouse.login</c> under TLS), or null.</summary>
    public Cookie? LoginCookie => Cookies.GetCookies(BaseAddress).FirstOrDefault(c => c.Name.EndsWith("gatehouse.login", StringComparison.Ordinal));

    public async Task<HttpResponseMessage> GetAsync(string path) =>
        await http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    public async Task<string> PageAsync(string path)
    {
        using var response = await GetAsync(path);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {response.Headers.Location} {html}");
        return html;
    }

    /// <summary>Posts a form to <paramref name="action"/>, with the antiforgery token read from <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string page, string action, Dictionary<string, string> fields)
    {
        var html = await PageAsync(page);
        var values = new Dictionary<string, string>(fields) { ["__csrf"] = CsrfIn(html) };
        using var content = new FormUrlEncodedContent(values);
        return await http.PostAsync(new Uri(action, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) =>
        await http.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>The login-name step; returns the answer to the post (a redirect to the password page on success).</summary>
    public Task<HttpResponseMessage> EnterLoginNameAsync(string loginName, string returnUrl = "/ui/security") =>
        PostAsync($"/ui/login?returnUrl={Uri.EscapeDataString(returnUrl)}", "/ui/login",
            new() { ["loginName"] = loginName, ["returnUrl"] = returnUrl });

    public Task<HttpResponseMessage> EnterPasswordAsync(string password, string returnUrl = "/ui/security") =>
        PostAsync($"/ui/password?returnUrl={Uri.EscapeDataString(returnUrl)}", "/ui/password",
            new() { ["password"] = password, ["returnUrl"] = returnUrl });

    /// <summary>Posts a code with the antiforgery token of the login-name page, which is reachable at every step.</summary>
    public Task<HttpResponseMessage> EnterCodeAsync(string code, string returnUrl = "/ui/security") =>
        PostAsync("/ui/login", "/ui/otp", new() { ["code"] = code, ["returnUrl"] = returnUrl });

    public Task<HttpResponseMessage> SendCodeAsync(string returnUrl = "/ui/security") =>
        PostAsync("/ui/login", "/ui/otp/send", new() { ["returnUrl"] = returnUrl });

    /// <summary>The Location header as sent, before HttpClient parses (and cleans) it.</summary>
    public static string? LocationOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Location", out var values) ? values.Single() : null;

    public static string CsrfIn(string html) =>
        WebUtility.HtmlDecode(CsrfPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException(html));

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfPattern();
}
