using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// RP-initiated logout ends the session only when the user confirms it or the application proves it belongs to that
/// session; <c>prompt=login</c> asks for a fresh sign-in without ending the session.
/// </summary>
public abstract partial class OidcLogoutTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : OidcLogoutTests(server);

    public sealed class OnPostgres(PostgresServer server) : OidcLogoutTests(server);

    private const string RedirectUri = "https://app.acme.test/callback";
    private const string AfterLogout = "https://app.acme.test/";

    [Fact]
    public async Task A_logout_link_without_id_token_hint_asks_first_and_ends_the_session_only_when_confirmed()
    {
        var (login, clientId, tokens) = await SignedInAsync();
        using var _ = login;
        var path = $"/oidc/v1/end_session?client_id={clientId}&post_logout_redirect_uri={Uri.EscapeDataString(AfterLogout)}&state=bye";

        using var asked = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
        var page = await asked.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("action=\"/oidc/v1/end_session\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(tokens.AccessToken));

        // A forged post (another site's form: no antiforgery token) is asked again too.
        var fields = HiddenFields(page);
        using (var forged = await login.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/end_session")
        {
            Content = new FormUrlEncodedContent(fields.Where(f => f.Key != "__csrf")),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(tokens.AccessToken));

        using var confirmed = await login.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/end_session")
        {
            Content = new FormUrlEncodedContent(fields),
        });
        Assert.Equal(HttpStatusCode.Found, confirmed.StatusCode);
        Assert.StartsWith(AfterLogout, confirmed.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("bye", FormLogin.Parameter(confirmed.Headers.Location!, "state"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task A_logout_with_the_id_token_hint_of_this_session_ends_it_without_asking()
    {
        var (login, _, tokens) = await SignedInAsync();
        using var _ = login;

        using var ended = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            $"/oidc/v1/end_session?id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(AfterLogout)}"));

        Assert.Equal(HttpStatusCode.Found, ended.StatusCode);
        Assert.StartsWith(AfterLogout, ended.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task A_logout_with_someone_elses_valid_id_token_hint_still_asks_first()
    {
        var (victim, _, victimTokens) = await SignedInAsync();
        using var _ = victim;
        var (attacker, _, attackerTokens) = await SignedInAsync();
        using var __ = attacker;

        using var asked = await victim.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            $"/oidc/v1/end_session?id_token_hint={attackerTokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(AfterLogout)}"));

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(victimTokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(attackerTokens.AccessToken));
    }

    [Fact]
    public async Task Prompt_login_asks_for_a_fresh_sign_in_without_ending_the_existing_session()
    {
        var (login, clientId, tokens) = await SignedInAsync();
        using var _ = login;
        var authorize = FormLogin.AuthorizePath(clientId, RedirectUri);

        using var prompted = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, authorize + "&prompt=login"));
        Assert.Equal(HttpStatusCode.Found, prompted.StatusCode);
        Assert.StartsWith("/ui/login", prompted.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("prompt", Uri.UnescapeDataString(prompted.Headers.Location!.ToString()), StringComparison.Ordinal);

        // The old session still serves this browser (another tab) and its tokens, until a new sign-in replaces it.
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(tokens.AccessToken));
        using var again = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, authorize));
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.StartsWith(RedirectUri, again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_text_or_broken_multipart_logout_post_gets_400_without_an_error_log()
    {
        var (login, _, tokens) = await SignedInAsync();
        using var _ = login;
        var logged = server.Process.Output.Length;
        foreach (var (contentType, body) in new[]
        {
            ("application/json", """{"confirm":"yes"}"""),
            ("text/plain", "confirm=yes"),
            ("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"confirm\"\r\n\r\nyes\r\n--x--\r\n"),
            ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"confirm\"\r\n\r\nyes"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/end_session") { Content = new StringContent(body) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            using var response = await login.SendAsync(request);

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"{contentType}: {(int)response.StatusCode}");
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Empty(server.Process.ErrorsOutsideGrpcSince(logged));
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(tokens.AccessToken));
    }

    private async Task<(FormLogin Login, string ClientId, (string AccessToken, string IdToken) Tokens)> SignedInAsync()
    {
        var body = new JsonObject
        {
            ["name"] = "Logout test app",
            ["redirectUris"] = new JsonArray(RedirectUri),
            ["postLogoutRedirectUris"] = new JsonArray(AfterLogout),
        };
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken, body.ToJsonString(), HttpStatusCode.Created);
        var clientId = created["clientId"]!.GetValue<string>();
        var user = await server.Accounts.CreateHumanAsync();
        var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = FormLogin.Parameter(back, "code")!,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = FormLogin.Verifier,
        });
        using var response = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, TestContext.Current.CancellationToken);
        var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return (login, clientId, (tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("id_token").GetString()!));
    }

    private async Task<HttpStatusCode> ApiStatusAsync(string accessToken)
    {
        using var request = ApiClients.Request(HttpMethod.Get, "/auth/v1/users/me", accessToken);
        using var response = await server.Clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenPattern().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    // A void element may be written <input ...> or <input ... /> (Razor writes the latter): the same HTML.
    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"\\s*/?>")]
    private static partial Regex HiddenPattern();
}
