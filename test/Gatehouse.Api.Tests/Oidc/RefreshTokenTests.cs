using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// Refresh tokens (<c>offline_access</c>) on the wire: rotation on every use, reuse detection that revokes the whole
/// family and its access tokens, also under concurrency, the end of the login session or of a factor, and bad input.
/// The same tests run on SQLite and on PostgreSQL, since the refresh token tables are ours.
/// </summary>
public abstract class RefreshTokenTests(IGatehouseServer server)
{
    private const string RedirectUri = "https://app.acme.test/callback";
    private const string Scope = "openid profile offline_access urn:zitadel:iam:org:project:id:zitadel:aud";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refresh_token_is_rotated_on_every_use_and_the_refreshed_id_token_keeps_the_original_amr_and_auth_time()
    {
        var app = await RefreshAppAsync(server);
        var (first, user) = await SignInAsync(server, app);
        var original = Payload(first.GetProperty("id_token").GetString()!);

        var (status, second) = await RefreshAsync(server.Clients.Rest, app, first.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first.GetProperty("refresh_token").GetString(), second.GetProperty("refresh_token").GetString());
        var refreshed = Payload(second.GetProperty("id_token").GetString()!);
        Assert.Equal(user.UserId, refreshed.GetProperty("sub").GetString());
        Assert.Equal(original.GetProperty("auth_time").GetInt64(), refreshed.GetProperty("auth_time").GetInt64());
        Assert.Equal(original.GetProperty("amr").ToString(), refreshed.GetProperty("amr").ToString());
        Assert.Equal(original.GetProperty("sid").GetString(), refreshed.GetProperty("sid").GetString());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server.Clients.Rest, "/auth/v1/users/me", second.GetProperty("access_token").GetString()!));

        var (thirdStatus, third) = await RefreshAsync(server.Clients.Rest, app, second.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, thirdStatus);
        Assert.True(third.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task A_refresh_token_used_twice_revokes_the_whole_family_and_the_access_tokens_of_the_grant()
    {
        var app = await RefreshAppAsync(server);
        var (first, _) = await SignInAsync(server, app);
        var stolen = first.GetProperty("refresh_token").GetString()!;
        var (_, second) = await RefreshAsync(server.Clients.Rest, app, stolen);
        var current = second.GetProperty("refresh_token").GetString()!;
        var access = second.GetProperty("access_token").GetString()!;

        var (replayStatus, replay) = await RefreshAsync(server.Clients.Rest, app, stolen);

        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("invalid_grant", replay.GetProperty("error").GetString());
        var (afterStatus, after) = await RefreshAsync(server.Clients.Rest, app, current);
        Assert.Equal(HttpStatusCode.BadRequest, afterStatus);
        Assert.Equal("invalid_grant", after.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Clients.Rest, "/auth/v1/users/me", access));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Clients.Rest, "/auth/v1/users/me", first.GetProperty("access_token").GetString()!));
        Assert.False((await IntrospectAsync(server.Clients.Rest, app, current)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_replayed_code_also_ends_the_refresh_tokens_issued_from_it()
    {
        // Before, the replay revoked the grant's access tokens only, and the refresh token kept minting new ones.
        var app = await RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(app.ClientId, RedirectUri, Scope), user.LoginName, user.Password);
        var redeem = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret,
            ["code"] = FormLogin.Parameter(back, "code")!, ["redirect_uri"] = RedirectUri, ["code_verifier"] = FormLogin.Verifier,
        };
        var (status, tokens) = await PostTokenAsync(server.Clients.Rest, redeem);
        Assert.Equal(HttpStatusCode.OK, status);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var (replayStatus, replay) = await PostTokenAsync(server.Clients.Rest, redeem);

        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("invalid_grant", replay.GetProperty("error").GetString());
        var (refreshStatus, refreshed) = await RefreshAsync(server.Clients.Rest, app, refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
        Assert.Equal("invalid_grant", refreshed.GetProperty("error").GetString());
        Assert.False((await IntrospectAsync(server.Clients.Rest, app, refreshToken)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Two_parallel_refreshes_with_one_token_have_at_most_one_winner_and_revoke_the_family()
    {
        var app = await RefreshAppAsync(server);
        var (first, _) = await SignInAsync(server, app);
        var token = first.GetProperty("refresh_token").GetString()!;

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RefreshAsync(server.Clients.Rest, app, token)));

        var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.True(winners.Count <= 1, $"{winners.Count} refreshes won");
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("invalid_grant", r.Body.GetProperty("error").GetString()));
        foreach (var (_, body) in winners)
        {
            var (status, _) = await RefreshAsync(server.Clients.Rest, app, body.GetProperty("refresh_token").GetString()!);
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }
    }

    [Fact]
    public async Task Ending_the_login_session_ends_its_refresh_tokens()
    {
        var app = await RefreshAppAsync(server);
        var (first, _) = await SignInAsync(server, app);
        var sessionId = Payload(first.GetProperty("id_token").GetString()!).GetProperty("sid").GetString();

        using (var end = ApiClients.Request(HttpMethod.Delete, $"/v2/sessions/{sessionId}", server.Accounts.LoginClientToken, "{}"))
        using (var ended = await server.Clients.Rest.SendAsync(end, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        var (status, body) = await RefreshAsync(server.Clients.Rest, app, first.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Removing_a_factor_of_the_user_ends_the_refresh_tokens_issued_before()
    {
        var app = await RefreshAppAsync(server);
        var (first, user) = await SignInAsync(server, app);
        await server.Accounts.PostAsync($"/v2/users/{user.UserId}/otp_email", server.Accounts.AdminToken, "{}", HttpStatusCode.OK);
        var (stillStatus, still) = await RefreshAsync(server.Clients.Rest, app, first.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, stillStatus);

        using (var remove = ApiClients.Request(HttpMethod.Delete, $"/v2/users/{user.UserId}/otp_email", server.Accounts.AdminToken))
        using (var removed = await server.Clients.Rest.SendAsync(remove, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        var (status, body) = await RefreshAsync(server.Clients.Rest, app, still.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("delete")]
    public async Task Locking_or_deleting_the_user_ends_their_refresh_tokens_at_once(string action)
    {
        var app = await RefreshAppAsync(server);
        var (first, user) = await SignInAsync(server, app);

        using (var request = action == "lock"
            ? ApiClients.Request(HttpMethod.Post, $"/v2/users/{user.UserId}/lock", server.Accounts.AdminToken, "{}")
            : ApiClients.Request(HttpMethod.Delete, $"/v2/users/{user.UserId}", server.Accounts.AdminToken))
        using (var done = await server.Clients.Rest.SendAsync(request, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        var (status, body) = await RefreshAsync(server.Clients.Rest, app, first.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server.Clients.Rest, "/auth/v1/users/me", first.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task An_application_not_allowed_refresh_tokens_gets_none_for_offline_access()
    {
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken,
            new JsonObject { ["name"] = "No refresh", ["confidential"] = true, ["redirectUris"] = new JsonArray(RedirectUri) }.ToJsonString(),
            HttpStatusCode.Created);
        var app = new App(created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());

        var (tokens, _) = await SignInAsync(server, app);

        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        Assert.DoesNotContain("offline_access", Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("scope").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refresh_token", "not-a-refresh-token", null, "invalid_grant")]
    [InlineData("refresh_token", "{access}", null, "invalid_grant")]
    [InlineData("refresh_token", "{refresh}", "wrong-secret", "invalid_client")]
    [InlineData("password", null, null, "unsupported_grant_type")]
    // An application is not a machine user: its credentials do not authenticate the client credentials grant.
    [InlineData("client_credentials", null, null, "invalid_client")]
    [InlineData("urn:ietf:params:oauth:grant-type:jwt-bearer", null, null, "invalid_grant")]
    public async Task Bad_token_requests_get_the_rfc_error_never_a_server_error(string grantType, string? refreshToken, string? secret, string error)
    {
        var app = await RefreshAppAsync(server);
        var (tokens, _) = await SignInAsync(server, app);
        var fields = new Dictionary<string, string> { ["grant_type"] = grantType, ["client_id"] = app.ClientId, ["client_secret"] = secret ?? app.Secret };
        if (refreshToken is not null)
        {
            fields["refresh_token"] = refreshToken
                .Replace("{access}", tokens.GetProperty("access_token").GetString(), StringComparison.Ordinal)
                .Replace("{refresh}", tokens.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);
        }

        if (grantType == "password")
        {
            fields["username"] = "alice";
            fields["password"] = "x";
        }

        var (status, body) = await PostTokenAsync(server.Clients.Rest, fields);

        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{(int)status} {body}");
        Assert.Equal(error, body.GetProperty("error").GetString());
        // A refused request does not use up the token: the rightful owner still refreshes.
        if (error != "invalid_grant" || refreshToken == "not-a-refresh-token")
        {
            Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(server.Clients.Rest, app, tokens.GetProperty("refresh_token").GetString()!)).Status);
        }
    }

    [Fact]
    public async Task Discovery_advertises_the_refresh_token_grant_and_offline_access()
    {
        using var discovery = await server.Clients.Rest.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), Ct);
        var metadata = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer"],
            metadata.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains("offline_access", metadata.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
    }

    public sealed record App(string ClientId, string Secret);

    /// <summary>A confidential application allowed refresh tokens, registered through the admin API.</summary>
    public static async Task<App> RefreshAppAsync(IGatehouseServer server)
    {
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken, new JsonObject
        {
            ["name"] = "Refreshing app", ["confidential"] = true, ["allowRefreshTokens"] = true, ["redirectUris"] = new JsonArray(RedirectUri),
        }.ToJsonString(), HttpStatusCode.Created);
        return new App(created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }

    /// <summary>A new user signs in through the hosted login; returns the token response of the code.</summary>
    public static async Task<(JsonElement Tokens, TestUser User)> SignInAsync(IGatehouseServer server, App app)
    {
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(app.ClientId, RedirectUri, Scope), user.LoginName, user.Password);
        var (status, tokens) = await PostTokenAsync(server.Clients.Rest, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret,
            ["code"] = FormLogin.Parameter(back, "code")!, ["redirect_uri"] = RedirectUri, ["code_verifier"] = FormLogin.Verifier,
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return (tokens, user);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(HttpClient http, App app, string refreshToken) =>
        PostTokenAsync(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret, ["refresh_token"] = refreshToken,
        });

    public static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string token)
    {
        using var request = ApiClients.Request(HttpMethod.Get, path, token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    public static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement;
    }

    public static async Task<JsonElement> IntrospectAsync(HttpClient http, App app, string token)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = app.ClientId, ["client_secret"] = app.Secret, ["token"] = token });
        using var response = await http.PostAsync(new Uri("/oauth/v2/introspect", UriKind.Relative), form, Ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostTokenAsync(HttpClient http, Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement);
    }
}
