using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>Signing in with the email code through the Session API (issue 3, docs/acceptance.md §3).</summary>
public abstract class OtpEmailSignInTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : OtpEmailSignInTests(server);

    public sealed class OnPostgres(PostgresServer server) : OtpEmailSignInTests(server);

    private SessionSteps Steps => new(server.Clients, server.Accounts.LoginClientToken);

    [Fact]
    public async Task A_returned_code_completes_the_session_once()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (status, created) = await Steps.StartAsync(user);
        Assert.Equal(HttpStatusCode.Created, status);
        var code = created.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
        Assert.Matches("^[0-9]{8}$", code);
        var id = created.GetProperty("sessionId").GetString()!;

        var (checkedStatus, checkedBody) = await Steps.CheckAsync(id, code);
        Assert.Equal(HttpStatusCode.OK, checkedStatus);
        var newToken = checkedBody.GetProperty("sessionToken").GetString()!;
        Assert.NotEqual(created.GetProperty("sessionToken").GetString(), newToken);

        var (_, session) = await Steps.SendAsync(HttpMethod.Get, $"/v2/sessions/{id}", "{}");
        Assert.True(session.GetProperty("session").GetProperty("factors").GetProperty("otpEmail").TryGetProperty("verifiedAt", out _));

        var (reusedStatus, reused) = await Steps.CheckAsync(id, code);
        Assert.Equal(HttpStatusCode.BadRequest, reusedStatus);
        Assert.Equal("COMMAND-S34gh", SessionSteps.IdOf(reused));

        using var me = ApiClients.Request(HttpMethod.Get, "/auth/v1/users/me", newToken);
        Assert.Equal(HttpStatusCode.OK, (await server.Clients.Rest.SendAsync(me, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_code_fails_with_invalid_and_five_wrong_codes_kill_the_challenge()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.StartAsync(user);
        var id = created.GetProperty("sessionId").GetString()!;
        var code = created.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
        var wrong = code == "00000000" ? "11111111" : "00000000";

        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await Steps.CheckAsync(id, wrong);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("Code is invalid (CODE-woT0xc)", body.GetProperty("message").GetString());
        }

        var (afterStatus, after) = await Steps.CheckAsync(id, code);
        Assert.Equal(HttpStatusCode.BadRequest, afterStatus);
        Assert.Equal("COMMAND-S34gh", SessionSteps.IdOf(after));

        var (_, renewed) = await Steps.ChallengeAsync(id);
        var (okStatus, _) = await Steps.CheckAsync(id, renewed.GetProperty("challenges").GetProperty("otpEmail").GetString()!);
        Assert.Equal(HttpStatusCode.OK, okStatus);
    }

    [Fact]
    public async Task Concurrent_guesses_cannot_exceed_the_attempt_limit()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.StartAsync(user);
        var id = created.GetProperty("sessionId").GetString()!;
        var code = created.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
        var guesses = Enumerable.Range(0, 20).Select(i => (10000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(g => g != code);

        var results = await Task.WhenAll(guesses.Select(g => Steps.CheckAsync(id, g)));

        Assert.True(results.Count(r => SessionSteps.IdOf(r.Body) == "CODE-woT0xc") <= 5);
        var (status, _) = await Steps.CheckAsync(id, code);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_new_challenge_replaces_the_previous_code()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.StartAsync(user);
        var id = created.GetProperty("sessionId").GetString()!;
        var first = created.GetProperty("challenges").GetProperty("otpEmail").GetString()!;
        var (_, second) = await Steps.ChallengeAsync(id);
        var secondCode = second.GetProperty("challenges").GetProperty("otpEmail").GetString()!;

        if (first != secondCode)
        {
            var (staleStatus, _) = await Steps.CheckAsync(id, first);
            Assert.Equal(HttpStatusCode.BadRequest, staleStatus);
        }

        var (okStatus, _) = await Steps.CheckAsync(id, secondCode);
        Assert.Equal(HttpStatusCode.OK, okStatus);
    }

    [Fact]
    public async Task A_challenge_without_the_factor_fails_with_not_ready()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (status, body) = await Steps.StartAsync(user);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(9, body.GetProperty("code").GetInt32());
        Assert.Equal("COMMAND-JKLJ3", SessionSteps.IdOf(body));
    }

    [Fact]
    public async Task A_challenge_without_a_user_fails()
    {
        var (status, body) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions", """{"challenges":{"otpEmail":{"returnCode":{}}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("COMMAND-JK3gp", SessionSteps.IdOf(body));
    }

    [Fact]
    public async Task A_check_without_a_challenge_fails_with_code_not_found()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions",
            "{\"checks\":{\"user\":{\"loginName\":\"" + user.LoginName + "\"}}}");
        var (status, body) = await Steps.CheckAsync(created.GetProperty("sessionId").GetString()!, "12345678");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("COMMAND-S34gh", SessionSteps.IdOf(body));
    }

    [Fact]
    public async Task An_invalid_link_template_is_refused_before_anything_happens()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (status, body) = await Steps.StartAsync(user, """{"sendCode":{"urlTemplate":"https://app.test/otp?code={{.InvalidField}}"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("URL Template is invalid (DOMAIN-ieYa7)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_mailed_code_arrives_at_the_verified_address_and_completes_the_session()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (status, created) = await Steps.StartAsync(user,
            """{"sendCode":{"urlTemplate":"https://app.test/otp?code={{.Code}}&session={{.SessionID}}"}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("{}", created.GetProperty("challenges").GetRawText());

        var mail = await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, m => m.Contains("One-Time Password", StringComparison.Ordinal));
        Assert.Contains("5 minutes", mail, StringComparison.Ordinal);
        var code = Accounts.CodeIn(mail);
        Assert.Contains($"https://app.test/otp?code={code}&session={created.GetProperty("sessionId").GetString()}", mail, StringComparison.Ordinal);

        var (checkedStatus, _) = await Steps.CheckAsync(created.GetProperty("sessionId").GetString()!, code);
        Assert.Equal(HttpStatusCode.OK, checkedStatus);
    }

    [Fact]
    public async Task German_users_get_a_german_mail()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients, language: "de");
        await Steps.StartAsync(user, """{"sendCode":{}}""");

        var mail = await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, m => m.Contains("Subject:", StringComparison.Ordinal));
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail)), TestContext.Current.CancellationToken);
        Assert.Equal("Einmalpasswort verifizieren", message.Subject);
        Assert.Contains("5 Minuten", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_mail_within_the_cooldown_is_refused_with_429_and_nothing_is_sent()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var (_, created) = await Steps.StartAsync(user, """{"sendCode":{}}""");
        await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email, m => m.Contains("One-Time Password", StringComparison.Ordinal));

        var (status, body) = await Steps.ChallengeAsync(created.GetProperty("sessionId").GetString()!, """{"sendCode":{}}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(8, body.GetProperty("code").GetInt32());
        Assert.Contains("retry in", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("details").EnumerateArray(), d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.RetryInfo");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var mails = Directory.GetFiles(Path.Combine(server.Process.DataPath, "mail"), "*.eml")
            .Count(f => File.ReadAllText(f).Contains(user.Email, StringComparison.OrdinalIgnoreCase) && File.ReadAllText(f).Contains("One-Time Password", StringComparison.Ordinal));
        Assert.Equal(1, mails);
    }
}
