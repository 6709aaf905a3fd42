using System.Net;
using System.Text.RegularExpressions;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Transport;

/// <summary>
/// Behind a proxy that ends TLS the login cookie must still be Secure and HSTS sent — but only when the request comes
/// from a proxy the operator listed; otherwise any client could claim https.
/// </summary>
public sealed partial class ProxyHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_trusted_tls_proxy_the_login_cookie_is_secure_and_hsts_is_sent()
    {
        // Behind a TLS proxy the request is https, so the login cookie also gets the __Host- prefix.
        var (cookies, hsts) = await SignInBehindProxyAsync(new Dictionary<string, string> { ["Gatehouse__TrustedProxies__0"] = "127.0.0.1" });

        Assert.Contains(cookies, c => c.StartsWith("__Host-gatehouse.login=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(hsts);
        Assert.Contains("max-age=", hsts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_trusted_proxies_forwarded_headers_are_ignored()
    {
        var (cookies, hsts) = await SignInBehindProxyAsync([]);

        Assert.Contains(cookies, c => c.StartsWith("gatehouse.login=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Null(hsts);
    }

    [Fact]
    public async Task A_proxy_that_is_not_listed_cannot_claim_https()
    {
        var (cookies, hsts) = await SignInBehindProxyAsync(new Dictionary<string, string> { ["Gatehouse__TrustedProxies__0"] = "10.0.0.0/8" });

        Assert.All(cookies, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Null(hsts);
    }

    [Fact]
    public async Task With_tls_on_the_port_hsts_is_sent()
    {
        await using var server = await GatehouseProcess.StartAsync(tls: true);
        try
        {
            using var http = new HttpClient(TestCertificate.TrustingHandler()) { BaseAddress = server.BaseAddress };
            // ASP.NET Core sends no HSTS to localhost or loopback addresses; a public name is what browsers see.
            http.DefaultRequestHeaders.Host = "id.acme.test";
            using var page = await http.GetAsync(new Uri("/ui/login", UriKind.Relative), Ct);

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.StartsWith("max-age=", string.Join(", ", page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
            Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    /// <summary>
    /// The login-name step as a browser behind a TLS proxy makes it (X-Forwarded-Proto: https, the public host name);
    /// returns every Set-Cookie and the Strict-Transport-Security header of the login page.
    /// </summary>
    private static async Task<(List<string> Cookies, string? Hsts)> SignInBehindProxyAsync(Dictionary<string, string> environment)
    {
        await using var server = await GatehouseProcess.StartAsync(environment);
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var user = await new Accounts(clients, server).CreateHumanAsync();
            // Cookies by hand: a cookie container would not send Secure cookies back over the cleartext hop.
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
            http.DefaultRequestHeaders.Host = "id.acme.test";
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

            using var page = await http.GetAsync(new Uri("/ui/login", UriKind.Relative), Ct);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var cookies = page.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
            var hsts = page.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(", ", values) : null;

            using var post = new HttpRequestMessage(HttpMethod.Post, "/ui/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__csrf"] = WebUtility.HtmlDecode(CsrfPattern().Match(html).Groups[1].Value),
                    ["returnUrl"] = "/ui/security",
                    ["loginName"] = user.LoginName,
                }),
            };
            post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
            using var signedIn = await http.SendAsync(post, Ct);
            Assert.True(signedIn.StatusCode == HttpStatusCode.Found, await signedIn.Content.ReadAsStringAsync(Ct));
            cookies.AddRange(signedIn.Headers.TryGetValues("Set-Cookie", out var more) ? more : []);
            return (cookies, hsts);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfPattern();
}
