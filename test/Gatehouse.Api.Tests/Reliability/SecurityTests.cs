using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;

namespace Gatehouse.Api.Tests.Reliability;

/// <summary>Tokens that must not work, users who must not reach each other, and limits that must hold under concurrency.</summary>
public abstract class SecurityTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : SecurityTests(server);

    public sealed class OnPostgres(PostgresServer server) : SecurityTests(server);

    private Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        server.Clients.JsonAsync(method, path, token, json);

    [Fact]
    public async Task A_forged_token_of_the_right_shape_is_rejected()
    {
        var forged = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var (status, body) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Errors.Token.Invalid (AUTH-7fs1e)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_expired_personal_access_token_is_rejected()
    {
        var (userId, _) = await server.Accounts.CreateMachineAsync();
        var pat = await server.Accounts.PostAsync($"/v2/users/{userId}/pats", server.Accounts.AdminToken,
            $$"""{"expirationDate":"{{DateTimeOffset.UtcNow.AddSeconds(2):O}}"}""", HttpStatusCode.OK);
        var token = pat["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/auth/v1/users/me", token)).Status);

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var (status, body) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AUTH-7fs1e", body.GetProperty("details")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_rotated_session_token_is_rejected_as_a_bearer()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var steps = new SessionSteps(server.Clients, server.Accounts.LoginClientToken);
        var (_, created) = await steps.SendAsync(HttpMethod.Post, "/v2/sessions",
            $$$$"""{"checks":{"user":{"loginName":"{{{{user.LoginName}}}}"},"password":{"password":"{{{{user.Password}}}}"}}}""");
        var first = created.GetProperty("sessionToken").GetString();
        // In use before the rotation, so the server has it cached.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/auth/v1/users/me", first)).Status);
        await steps.SendAsync(HttpMethod.Patch, $"/v2/sessions/{created.GetProperty("sessionId").GetString()}", """{"metadata":{"k":"dg=="}}""");

        var (status, _) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", first);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task One_user_can_never_read_or_change_another_users_factors()
    {
        var alice = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var mallory = await server.Accounts.CreateHumanAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/v2/users/{alice.UserId}/otp_email", mallory.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v2/users/{alice.UserId}/authentication_methods", mallory.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/v2/users/{alice.UserId}/unlock", mallory.Token, "{}")).Status);
        var (_, malloryFactors) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", mallory.Token);
        Assert.False(malloryFactors.TryGetProperty("result", out _));
        var (_, aliceFactors) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", alice.Token);
        Assert.Single(aliceFactors.GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task A_users_session_token_cannot_drive_another_users_session()
    {
        var alice = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var mallory = await server.Accounts.CreateHumanAsync();
        var steps = new SessionSteps(server.Clients, server.Accounts.LoginClientToken);
        var (_, created) = await steps.StartAsync(alice);
        var id = created.GetProperty("sessionId").GetString();

        var (status, _) = await SendAsync(HttpMethod.Patch, $"/v2/sessions/{id}", mallory.Token, """{"checks":{"otpEmail":{"code":"12345678"}}}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var (read, _) = await SendAsync(HttpMethod.Get, $"/v2/sessions/{id}", mallory.Token);
        Assert.Equal(HttpStatusCode.Forbidden, read);
    }

    [Fact]
    public async Task Concurrent_mail_challenges_for_one_user_send_exactly_one_mail()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var steps = new SessionSteps(server.Clients, server.Accounts.LoginClientToken);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => steps.StartAsync(user, """{"sendCode":{}}""")));

        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(9, results.Count(r => r.Status == HttpStatusCode.TooManyRequests));
        await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, m => m.Contains("One-Time Password", StringComparison.Ordinal));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var mails = Directory.GetFiles(Path.Combine(server.Process.DataPath, "mail"), "*.eml")
            .Select(File.ReadAllText)
            .Count(m => m.Contains(user.Email, StringComparison.OrdinalIgnoreCase) && m.Contains("One-Time Password", StringComparison.Ordinal));
        Assert.Equal(1, mails);
    }
}
