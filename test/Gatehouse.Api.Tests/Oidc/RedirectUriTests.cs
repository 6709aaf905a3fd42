using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// Redirect URIs that would run script in Gatehouse's origin cannot be registered, and the form_post page that
/// carries codes to an application may run only its own script and post only to that application.
/// </summary>
public abstract partial class RedirectUriTests(IGatehouseServer server)
{
    public sealed class OnSqlite(SqliteServer server) : RedirectUriTests(server);

    [Collection(SeparateProcesses.Name)]
    public sealed class OnPostgres(PostgresServer server) : RedirectUriTests(server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("javascript:alert(document.domain)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://app.acme.test/callback")]
    [InlineData("/callback")]
    [InlineData("https://app.acme.test/callback#x")]
    [InlineData("https://app.acme.test@evil.example/callback")]
    [InlineData("https://app.acme.test/\tcallback")]
    [InlineData("myapp:/callback")]
    public async Task A_javascript_or_other_unsafe_redirect_uri_cannot_be_registered(string uri)
    {
        foreach (var body in new[]
        {
            new JsonObject { ["name"] = "Evil", ["redirectUris"] = new JsonArray(uri) },
            new JsonObject { ["name"] = "Evil", ["redirectUris"] = new JsonArray("https://app.acme.test/cb"), ["postLogoutRedirectUris"] = new JsonArray(uri) },
        })
        {
            var clientId = $"evil-{Guid.NewGuid():N}";
            body["clientId"] = clientId;
            using var request = ApiClients.Request(HttpMethod.Post, "/admin/v1/oidc/apps", server.Accounts.AdminToken, body.ToJsonString());
            using var response = await server.Clients.Rest.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            var error = JsonDocument.Parse(text).RootElement;
            Assert.Equal(3, error.GetProperty("code").GetInt32());
            Assert.StartsWith("Application invalid: client ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("(OIDC-app03)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            var detail = error.GetProperty("details")[0];
            Assert.Equal("type.googleapis.com/zitadel.v1.ErrorDetail", detail.GetProperty("@type").GetString());
            Assert.Equal("OIDC-app03", detail.GetProperty("id").GetString());

            var apps = await server.Accounts.GetAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken);
            Assert.DoesNotContain(apps["result"]!.AsArray(), app => app!["clientId"]!.GetValue<string>() == clientId);
        }
    }

    [Fact]
    public async Task Loopback_http_and_reverse_domain_redirect_uris_of_native_apps_can_be_registered()
    {
        var body = new JsonObject
        {
            ["name"] = "Native",
            ["redirectUris"] = new JsonArray("http://127.0.0.1:7000/cb", "http://[::1]:7000/cb", "http://localhost:7000/cb", "com.acme.app:/oauth2redirect"),
        };
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken, body.ToJsonString(), HttpStatusCode.Created);
        Assert.Equal(4, created["redirectUris"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_form_post_page_runs_only_its_own_script_and_posts_only_to_the_redirect_uri()
    {
        const string RedirectUri = "https://app.acme.test/callback";
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken,
            new JsonObject { ["name"] = "Form post", ["redirectUris"] = new JsonArray(RedirectUri) }.ToJsonString(), HttpStatusCode.Created);
        var clientId = created["clientId"]!.GetValue<string>();
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var authorize = FormLogin.AuthorizePath(clientId, RedirectUri) + "&response_mode=form_post";

        var page = await login.SignInAsync(authorize, user.LoginName, user.Password);
        using var response = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, page));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"action=\"{RedirectUri}\"", html, StringComparison.Ordinal);
        var policy = string.Join("; ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action https://app.acme.test;", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        // The hash allowed is the hash of the script the page really has: the page still submits itself.
        var script = Assert.Single(ScriptPattern().Matches(html)).Groups[1].Value;
        var hash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src '{hash}'", policy, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();
}
