using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>Sign-in with the Session API and session tokens as bearer tokens (docs/acceptance.md §3.5, docs/zitadel-wire.md §3.6, §7).</summary>
public abstract class SessionRestTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : SessionRestTests(server);

    public sealed class OnPostgres(PostgresServer server) : SessionRestTests(server);

    private Accounts Accounts => server.Accounts;

    private Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        server.Clients.JsonAsync(method, path, token, json);

    private static string SignInBody(string loginName, string password) =>
        $$$$"""{"checks":{"user":{"loginName":"{{{{loginName}}}}"},"password":{"password":"{{{{password}}}}"}}}""";

    [Fact]
    public async Task Creating_a_session_answers_201_with_the_instance_as_owner_and_a_token()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken, SignInBody(user.LoginName, user.Password));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("sessionId").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("sessionToken").GetString()));
        var details = body.GetProperty("details");
        Assert.NotEqual(user.OrgId, details.GetProperty("resourceOwner").GetString());
        Assert.True(details.TryGetProperty("changeDate", out _));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_a_credentials_check_error()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken, SignInBody(user.LoginName, "Wrong-Password1!"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Equal("Password is invalid (COMMAND-3M0fs)", body.GetProperty("message").GetString());
        var detail = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/zitadel.v1.CredentialsCheckError", detail.GetProperty("@type").GetString());
        Assert.Equal(1, detail.GetProperty("failedAttempts").GetInt32());
    }

    [Fact]
    public async Task An_unknown_login_name_is_not_found()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken, SignInBody("nobody-here", "x"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("User could not be found (QUERY-Dfbg2)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_user_without_the_login_client_role_cannot_create_sessions()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/sessions", user.Token, "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("membership not found (AUTHZ-cdgFk)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_session_without_a_checked_factor_is_no_bearer_token()
    {
        var user = await Accounts.CreateHumanAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken,
            $$$$"""{"checks":{"user":{"loginName":"{{{{user.LoginName}}}}"}}}""");
        var (status, body) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", created.GetProperty("sessionToken").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("authentication required (AUTHZ-Kl3p0)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Setting_a_session_rotates_its_token()
    {
        var user = await Accounts.CreateHumanAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken,
            $$$$"""{"checks":{"user":{"loginName":"{{{{user.LoginName}}}}"}}}""");
        var id = created.GetProperty("sessionId").GetString();
        var first = created.GetProperty("sessionToken").GetString();

        var (status, set) = await SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}", Accounts.LoginClientToken,
            $$$$"""{"sessionToken":"{{{{first}}}}","checks":{"password":{"password":"{{{{user.Password}}}}"}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var second = set.GetProperty("sessionToken").GetString();
        Assert.NotEqual(first, second);

        var (stale, staleBody) = await SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}", Accounts.LoginClientToken, $$$$"""{"sessionToken":"{{{{first}}}}"}""");
        Assert.Equal(HttpStatusCode.Forbidden, stale);
        Assert.Equal("COMMAND-sGr42", staleBody.GetProperty("details")[0].GetProperty("id").GetString());

        var (me, _) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", second);
        Assert.Equal(HttpStatusCode.OK, me);
    }

    [Fact]
    public async Task Getting_a_session_shows_the_checked_factors()
    {
        var user = await Accounts.CreateHumanAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken, SignInBody(user.LoginName, user.Password));
        var id = created.GetProperty("sessionId").GetString();

        var (status, body) = await SendAsync(HttpMethod.Get, $"/v2/sessions/{id}", Accounts.LoginClientToken);

        Assert.Equal(HttpStatusCode.OK, status);
        var factors = body.GetProperty("session").GetProperty("factors");
        Assert.Equal(user.UserId, factors.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(user.LoginName, factors.GetProperty("user").GetProperty("loginName").GetString());
        Assert.True(factors.GetProperty("password").TryGetProperty("verifiedAt", out _));
        Assert.False(factors.TryGetProperty("otpEmail", out _));
    }

    [Fact]
    public async Task A_deleted_session_token_no_longer_authenticates()
    {
        var user = await Accounts.CreateHumanAsync();
        var (_, created) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken, SignInBody(user.LoginName, user.Password));
        var id = created.GetProperty("sessionId").GetString();
        var token = created.GetProperty("sessionToken").GetString();

        var (deleted, _) = await SendAsync(HttpMethod.Delete, $"/v2/sessions/{id}", token, $$$$"""{"sessionToken":"{{{{token}}}}"}""");
        Assert.Equal(HttpStatusCode.OK, deleted);
        var (again, _) = await SendAsync(HttpMethod.Delete, $"/v2/sessions/{id}", Accounts.LoginClientToken, "{}");
        Assert.Equal(HttpStatusCode.OK, again);

        var (status, body) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", token);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Errors.Session.NotExisting (QUERY-SFeaa)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Deleting_an_unknown_session_succeeds_with_empty_details()
    {
        var (status, body) = await SendAsync(HttpMethod.Delete, "/v2/sessions/123", Accounts.LoginClientToken, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body.GetProperty("details").GetRawText());
    }

    [Fact]
    public async Task A_negative_lifetime_is_a_validation_error()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/sessions", Accounts.LoginClientToken, """{"lifetime":"-5s"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.False(body.TryGetProperty("details", out _));
    }
}
