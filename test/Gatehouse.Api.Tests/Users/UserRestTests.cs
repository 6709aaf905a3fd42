using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Users;

/// <summary>Users and their email over JSON: AddHumanUser, GetMyUser, GetMyEmail, SetMyEmail, VerifyMyEmail, resend.</summary>
public abstract class UserRestTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : UserRestTests(server);

    public sealed class OnPostgres(PostgresServer server) : UserRestTests(server);

    private Accounts Accounts => server.Accounts;

    private Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        server.Clients.JsonAsync(method, path, token, json);

    [Fact]
    public async Task Get_my_user_shows_the_profile_and_the_verified_email()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", user.Token);

        Assert.Equal(HttpStatusCode.OK, status);
        var me = body.GetProperty("user");
        Assert.Equal(user.UserId, me.GetProperty("id").GetString());
        Assert.Equal("USER_STATE_ACTIVE", me.GetProperty("state").GetString());
        Assert.Equal(user.LoginName, me.GetProperty("preferredLoginName").GetString());
        Assert.Equal("Test", me.GetProperty("human").GetProperty("profile").GetProperty("firstName").GetString());
        Assert.True(me.GetProperty("human").GetProperty("email").GetProperty("isEmailVerified").GetBoolean());
        Assert.Equal("{}", me.GetProperty("human").GetProperty("phone").GetRawText());
        Assert.Equal(JsonValueKind.String, me.GetProperty("details").GetProperty("sequence").ValueKind);
    }

    [Fact]
    public async Task Get_my_email_of_a_machine_user_fails_with_not_human()
    {
        var (_, token) = await Accounts.CreateMachineAsync();
        var (status, body) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me/email", token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The User must be personal (QUERY-pt7HY)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_changed_email_is_verified_with_the_code_from_the_mail()
    {
        var user = await Accounts.CreateHumanAsync();
        var newEmail = $"new-{user.LoginName}@acme.test";
        var (set, setBody) = await SendAsync(HttpMethod.Put, "/auth/v1/users/me/email", user.Token, $$$$"""{"email":"{{{{newEmail}}}}"}""");
        Assert.Equal(HttpStatusCode.OK, set);
        Assert.True(setBody.GetProperty("details").TryGetProperty("changeDate", out _));

        var (_, unverified) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me/email", user.Token);
        Assert.Equal(newEmail, unverified.GetProperty("email").GetProperty("email").GetString());
        Assert.False(unverified.GetProperty("email").TryGetProperty("isEmailVerified", out _));

        var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, newEmail));
        var (wrong, wrongBody) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", user.Token, """{"code":"WRONG9"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Equal("Code is invalid (COMMAND-Gdsgs)", wrongBody.GetProperty("message").GetString());

        var (verified, _) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", user.Token, $$$$"""{"code":"{{{{code}}}}"}""");
        Assert.Equal(HttpStatusCode.OK, verified);
        var (_, after) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me/email", user.Token);
        Assert.True(after.GetProperty("email").GetProperty("isEmailVerified").GetBoolean());

        var (reused, reusedBody) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", user.Token, $$$$"""{"code":"{{{{code}}}}"}""");
        Assert.Equal(HttpStatusCode.NotFound, reused);
        Assert.Equal("Code not found (COMMAND-3n8ud)", reusedBody.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Resending_the_verification_sends_a_new_code_that_replaces_the_old()
    {
        // The first code is returned, not mailed: a mailed one would start the cooldown that refuses a resend.
        var (user, first) = await EmailCodeGuessLimitTests.UnverifiedUserWithReturnedCodeAsync(Accounts);

        var (resent, _) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_resend_verification", user.Token, "{}");
        Assert.Equal(HttpStatusCode.OK, resent);
        var second = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, mail => !mail.Contains(first, StringComparison.Ordinal)));

        var (old, _) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", user.Token, $$$$"""{"code":"{{{{first}}}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, old);
        var (ok, _) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", user.Token, $$$$"""{"code":"{{{{second}}}}"}""");
        Assert.Equal(HttpStatusCode.OK, ok);

        var (again, body) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/email/_resend_verification", user.Token, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("Email is already verified (COMMAND-3M9ds)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task After_verifying_then_changing_to_an_unverified_address_the_factor_can_still_be_added()
    {
        var user = await Accounts.CreateHumanAsync();
        await SendAsync(HttpMethod.Put, "/auth/v1/users/me/email", user.Token, $$$$"""{"email":"other-{{{{user.LoginName}}}}@acme.test"}""");
        var (status, _) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", user.Token, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Adding_a_human_with_a_returned_code_answers_the_code()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", Accounts.AdminToken,
            """{"profile":{"givenName":"Rita","familyName":"Code"},"email":{"email":"rita.code@acme.test","returnCode":{}},"password":{"password":"DifficultPW666!"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, body.GetProperty("emailCode").GetString()!.Length);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("userId").GetString()));
    }

    [Fact]
    public async Task A_taken_username_is_a_conflict()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", Accounts.AdminToken,
            $$$$"""{"username":"{{{{user.LoginName.ToUpperInvariant()}}}}","profile":{"givenName":"A","familyName":"B"},"email":{"email":"dupe@acme.test","isVerified":true}}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("User already exists (V3-DKcYh)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_weak_password_is_refused_by_the_policy()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", Accounts.AdminToken,
            """{"profile":{"givenName":"A","familyName":"B"},"email":{"email":"weak@acme.test"},"password":{"password":"insufficient"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("DOMAIN-", body.GetProperty("details")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_profile_is_a_validation_error_without_details()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", Accounts.AdminToken, """{"email":{"email":"x@acme.test"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.False(body.TryGetProperty("details", out _));
    }

    [Fact]
    public async Task An_invalid_url_template_is_refused()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", Accounts.AdminToken,
            """{"profile":{"givenName":"A","familyName":"B"},"email":{"email":"tpl@acme.test","sendCode":{"urlTemplate":"https://x/{{"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("URL Template is invalid (DOMAIN-oGh5e)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_plain_user_cannot_add_users()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", user.Token,
            """{"profile":{"givenName":"A","familyName":"B"},"email":{"email":"x@acme.test"}}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("membership not found (AUTHZ-cdgFk)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_organization_is_refused()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/human", Accounts.AdminToken,
            """{"organization":{"orgId":"404"},"profile":{"givenName":"A","familyName":"B"},"email":{"email":"x@acme.test"}}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Organisation doesn't exist (AUTH-Bs7Ds)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_personal_access_token_for_a_human_is_refused()
    {
        var user = await Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/pats", Accounts.AdminToken,
            $$$$"""{"expirationDate":"{{{{DateTimeOffset.UtcNow.AddDays(1):O}}}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Not allowed for this user type (COMMAND-Df2f1)", body.GetProperty("message").GetString());
    }
}
