using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Users;

/// <summary>Issue #12, finding 6: email verification codes could be guessed without limit, in parallel too.</summary>
public abstract class EmailCodeGuessLimitTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : EmailCodeGuessLimitTests(server);

    public sealed class OnPostgres(PostgresServer server) : EmailCodeGuessLimitTests(server);

    private const int MaxAttemptsPerCode = 5;

    [Fact]
    public async Task Parallel_wrong_email_codes_count_exactly_and_then_even_the_right_code_is_dead()
    {
        var (user, code) = await UnverifiedUserWithReturnedCodeAsync(server.Accounts);
        var wrong = code == "AAAAAA" ? "BBBBBB" : "AAAAAA";

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => VerifyAsync(user.Token, wrong)));

        // Each "invalid" answer recorded one failure; once the cap was reached no guess was compared or recorded.
        Assert.Equal(MaxAttemptsPerCode, answers.Count(a => a.Status == HttpStatusCode.BadRequest));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.BadRequest), a =>
            Assert.Equal((HttpStatusCode.NotFound, "Code not found: too many wrong codes, request a new code (COMMAND-3n8ud)"), a));
        var right = await VerifyAsync(user.Token, code);
        Assert.Equal((HttpStatusCode.NotFound, "Code not found: too many wrong codes, request a new code (COMMAND-3n8ud)"), right);
        var (_, email) = await server.Clients.JsonAsync(HttpMethod.Get, "/auth/v1/users/me/email", user.Token);
        Assert.False(email.GetProperty("email").TryGetProperty("isEmailVerified", out _));
    }

    [Fact]
    public async Task A_new_code_after_a_dead_one_verifies_the_email()
    {
        var (user, code) = await UnverifiedUserWithReturnedCodeAsync(server.Accounts);
        for (var i = 0; i < MaxAttemptsPerCode; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync(user.Token, code == "AAAAAA" ? "BBBBBB" : "AAAAAA")).Status);
        }

        var (resent, _) = await server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/email/_resend_verification", user.Token, "{}");
        Assert.Equal(HttpStatusCode.OK, resent);
        var fresh = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.Process.DataPath, user.Email));

        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(user.Token, fresh)).Status);
    }

    private async Task<(HttpStatusCode Status, string? Message)> VerifyAsync(string token, string code)
    {
        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/email/_verify", token, $$"""{"code":"{{code}}"}""");
        return (status, body.TryGetProperty("message", out var message) ? message.GetString() : null);
    }

    /// <summary>A signed-in user whose address is not verified yet, and the code that was returned (not mailed) for it.</summary>
    internal static async Task<(TestUser User, string Code)> UnverifiedUserWithReturnedCodeAsync(Accounts accounts)
    {
        var name = $"u{Guid.NewGuid():N}"[..12];
        var email = $"{name}@acme.test";
        var body = new JsonObject
        {
            ["username"] = name,
            ["profile"] = new JsonObject { ["givenName"] = "Test", ["familyName"] = "User", ["preferredLanguage"] = "en" },
            ["email"] = new JsonObject { ["email"] = email, ["returnCode"] = new JsonObject() },
            ["password"] = new JsonObject { ["password"] = Accounts.Password },
        };
        var created = await accounts.PostAsync("/v2/users/human", accounts.AdminToken, body.ToJsonString(), HttpStatusCode.OK);
        var token = await accounts.SignInAsync(name, Accounts.Password);
        var user = new TestUser(created["userId"]!.GetValue<string>(), created["details"]!["resourceOwner"]!.GetValue<string>(), name,
            Accounts.Password, email, token);
        return (user, created["emailCode"]!.GetValue<string>());
    }
}
