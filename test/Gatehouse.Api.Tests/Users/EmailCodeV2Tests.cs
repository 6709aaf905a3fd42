using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Users;

/// <summary>
/// User v2 SendEmailCode, ResendEmailCode, VerifyEmail and SetEmail as Login V2's verification page uses them
/// (docs/zitadel-wire.md §6.6), on both stores.
/// </summary>
public abstract class EmailCodeV2Tests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : EmailCodeV2Tests(server);

    public sealed class OnPostgres(PostgresServer server) : EmailCodeV2Tests(server);

    private string LoginClient => server.Accounts.LoginClientToken;

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string? token, string json) =>
        server.Clients.JsonAsync(HttpMethod.Post, path, token, json);

    [Fact]
    public async Task The_login_client_gets_a_code_back_and_the_user_verifies_with_it()
    {
        var user = await server.Accounts.CreateHumanAsync(verified: false);

        var (sent, sentBody) = await PostAsync($"/v2/users/{user.UserId}/email/send", LoginClient, """{"returnCode":{}}""");
        var code = sentBody.GetProperty("verificationCode").GetString()!;
        var (wrong, wrongBody) = await PostAsync($"/v2/users/{user.UserId}/email/verify", LoginClient, """{"verificationCode":"XXXXXX"}""");
        var (right, _) = await PostAsync($"/v2/users/{user.UserId}/email/verify", LoginClient, $$"""{"verificationCode":"{{code}}"}""");
        var (_, read) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", LoginClient);

        Assert.Equal(HttpStatusCode.OK, sent);
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Equal("COMMAND-Gdsgs", wrongBody.GetProperty("details")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, right);
        Assert.True(read.GetProperty("user").GetProperty("human").GetProperty("email").GetProperty("isVerified").GetBoolean());
    }

    [Fact]
    public async Task A_code_sent_with_login_v2s_link_template_is_mailed_with_the_link()
    {
        var user = await server.Accounts.CreateHumanAsync(verified: false);

        var (status, body) = await PostAsync($"/v2/users/{user.UserId}/email/send", LoginClient,
            """{"sendCode":{"urlTemplate":"https://login.example/verify?code={{.Code}}&userId={{.UserID}}&organization={{.OrgID}}"}}""");
        var mail = await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, text => text.Contains("login.example/verify", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.TryGetProperty("verificationCode", out _));
        Assert.Contains($"userId={user.UserId}&organization={user.OrgId}", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_cannot_have_their_own_code_returned()
    {
        var user = await server.Accounts.CreateHumanAsync(verified: false);

        var (status, body) = await PostAsync($"/v2/users/{user.UserId}/email/resend", user.Token, """{"returnCode":{}}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.False(body.TryGetProperty("verificationCode", out _));
    }

    [Fact]
    public async Task Another_user_cannot_send_codes_to_someone_else()
    {
        var target = await server.Accounts.CreateHumanAsync(verified: false);
        var other = await server.Accounts.CreateHumanAsync();

        var (status, _) = await PostAsync($"/v2/users/{target.UserId}/email/send", other.Token, "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Set_email_with_return_code_changes_the_address_and_answers_the_code()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var address = $"new{Guid.NewGuid():N}@acme.test";

        var (status, body) = await PostAsync($"/v2/users/{user.UserId}/email", LoginClient,
            JsonSerializer.Serialize(new { email = address, returnCode = new { } }));
        var (_, read) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", LoginClient);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("verificationCode").GetString()));
        var email = read.GetProperty("user").GetProperty("human").GetProperty("email");
        Assert.Equal(address, email.GetProperty("email").GetString());
        Assert.False(email.TryGetProperty("isVerified", out _));
    }

    [Fact]
    public async Task A_bad_link_template_is_refused()
    {
        var user = await server.Accounts.CreateHumanAsync(verified: false);

        var (status, _) = await PostAsync($"/v2/users/{user.UserId}/email/send", LoginClient, """{"sendCode":{"urlTemplate":"https://x/{{.Nope}}"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
