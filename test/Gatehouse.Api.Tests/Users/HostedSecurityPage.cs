using System.Net;
using System.Text.RegularExpressions;

namespace Gatehouse.Api.Tests.Users;

/// <summary>
/// A browser without a browser for the hosted security page: signs in through the login pages (following their
/// redirects, posting their forms with the antiforgery token) and posts the page's own forms.
/// </summary>
internal sealed partial class HostedSecurityPage : IDisposable
{
    private readonly HttpClient http;

    public HostedSecurityPage(Uri baseAddress) =>
        http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Signs in with login name and password (a user without a second factor) and returns the page.</summary>
    public async Task<string> SignInAsync(string loginName, string password)
    {
        var page = await FollowAsync("/ui/login?returnUrl=%2Fui%2Fsecurity");
        page = await FollowAsync(await PostAsync(page.Html, "/ui/login", new() { ["loginName"] = loginName }));
        page = await FollowAsync(await PostAsync(page.Html, "/ui/password", new() { ["password"] = password }));
        Assert.StartsWith("/ui/security", page.Path, StringComparison.Ordinal);
        return page.Html;
    }

    /// <summary>Posts one of the page's forms (by its action); returns the status and, after redirects, the page shown.</summary>
    public async Task<(HttpStatusCode Status, string Html)> SubmitAsync(string pageHtml, string action, Dictionary<string, string>? fields = null)
    {
        using var response = await SendFormAsync(pageHtml, action, fields ?? []);
        if (response.StatusCode == HttpStatusCode.Found)
        {
            return (response.StatusCode, (await FollowAsync(response.Headers.Location!.OriginalString)).Html);
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<string> PostAsync(string pageHtml, string action, Dictionary<string, string> fields)
    {
        using var response = await SendFormAsync(pageHtml, action, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Found, await response.Content.ReadAsStringAsync(Ct));
        return response.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> SendFormAsync(string pageHtml, string action, Dictionary<string, string> fields)
    {
        var form = Regex.Match(pageHtml, $"""<form[^>]* action="{Regex.Escape(action)}">(.*?)</form>""", RegexOptions.Singleline);
        Assert.True(form.Success, $"no form {action} in\n{pageHtml}");
        var values = new Dictionary<string, string>(fields)
        {
            ["__csrf"] = WebUtility.HtmlDecode(CsrfPattern().Match(form.Value).Groups[1].Value),
        };
        if (ReturnUrlPattern().Match(form.Value) is { Success: true } returnUrl)
        {
            values["returnUrl"] = WebUtility.HtmlDecode(returnUrl.Groups[1].Value);
        }

        using var content = new FormUrlEncodedContent(values);
        return await http.PostAsync(new Uri(action, UriKind.Relative), content, Ct);
    }

    private async Task<(string Path, string Html)> FollowAsync(string location)
    {
        for (var i = 0; i < 10; i++)
        {
            using var response = await http.GetAsync(new Uri(location, UriKind.Relative), Ct);
            if (response.StatusCode != HttpStatusCode.Found)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (location, await response.Content.ReadAsStringAsync(Ct));
            }

            location = response.Headers.Location!.OriginalString;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfPattern();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlPattern();
}
