using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// A browser without a browser: follows the hosted login's redirects and posts its forms (with their antiforgery
/// tokens) through an HttpClient that keeps cookies, for protocol tests that need no rendering.
/// </summary>
public sealed partial class FormLogin : IDisposable
{
    private readonly HttpClient http;

    public FormLogin(Uri baseAddress)
    {
        http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };
    }

    public const string Verifier = "a-long-enough-code-verifier-for-pkce-0123456789abcdefghij";

    public static string Challenge => Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string AuthorizePath(string clientId, string redirectUri, string scope = "openid profile email urn:zitadel:iam:org:project:id:zitadel:aud") =>
        $"/oauth/v2/authorize?client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code" +
        $"&scope={Uri.EscapeDataString(scope)}&state=s1&nonce=n1&code_challenge={Challenge}&code_challenge_method=S256";

    /// <summary>Runs the login from an authorization request; returns where it finally left Gatehouse (or stopped).</summary>
    public async Task<Uri> SignInAsync(string authorizePath, string loginName, string password)
    {
        var location = await FollowAsync(new Uri(authorizePath, UriKind.RelativeOrAbsolute));
        location = await FollowAsync(await PostFormAsync(location, new() { ["loginName"] = loginName }));
        return await FollowAsync(await PostFormAsync(location, new() { ["password"] = password }));
    }

    public static string? Parameter(Uri uri, string name) =>
        System.Web.HttpUtility.ParseQueryString(uri.Query)[name];

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => await http.SendAsync(request);

    /// <summary>GETs local redirects until one leaves Gatehouse or lands on a page (returned as its URL).</summary>
    private async Task<Uri> FollowAsync(Uri location)
    {
        for (var i = 0; i < 10; i++)
        {
            if (location.IsAbsoluteUri && location.Authority != http.BaseAddress!.Authority)
            {
                return location;
            }

            using var response = await http.GetAsync(location);
            if (response.StatusCode != HttpStatusCode.Found)
            {
                return location;
            }

            location = response.Headers.Location!;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private async Task<Uri> PostFormAsync(Uri page, Dictionary<string, string> fields)
    {
        var html = await http.GetStringAsync(page);
        var form = FormPattern().Match(html);
        Assert.True(form.Success, html);
        var values = new Dictionary<string, string>(fields)
        {
            ["__csrf"] = WebUtility.HtmlDecode(CsrfPattern().Match(form.Value).Groups[1].Value),
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrlPattern().Match(form.Value).Groups[1].Value),
        };
        using var content = new FormUrlEncodedContent(values);
        using var response = await http.PostAsync(new Uri(WebUtility.HtmlDecode(form.Groups[1].Value), UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Found, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("""<form method="post" action="([^"]+)">.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfPattern();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlPattern();
}
