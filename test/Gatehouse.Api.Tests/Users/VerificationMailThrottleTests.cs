using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;
using Grpc.Core;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Users;

/// <summary>Issue #12, finding 7: verification mails were not throttled, so any signed-in user could mail-bomb any address.</summary>
public abstract class VerificationMailThrottleTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : VerificationMailThrottleTests(server);

    public sealed class OnPostgres(PostgresServer server) : VerificationMailThrottleTests(server);

    private const int MaxSendsPerAddress = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Accounts Accounts => server.Accounts;

    [Fact]
    public async Task Twenty_parallel_resends_of_the_verification_send_one_mail_and_answer_429_with_retry_info()
    {
        var (user, _) = await EmailCodeGuessLimitTests.UnverifiedUserWithReturnedCodeAsync(Accounts);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            server.Clients.JsonAsync(HttpMethod.Post, "/auth/v1/users/me/email/_resend_verification", user.Token, "{}")));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertThrottled(a, "USER-mailCool"));
        Assert.Equal(1, await MailsToAsync(user.Email));
    }

    [Fact]
    public async Task Changing_to_another_address_within_the_cooldown_is_refused_and_mails_nothing()
    {
        var user = await Accounts.CreateHumanAsync();
        var first = $"first-{user.LoginName}@acme.test";
        var second = $"second-{user.LoginName}@acme.test";
        var (changed, _) = await SetEmailAsync(user.Token, first);
        Assert.Equal(HttpStatusCode.OK, changed);

        var refused = await SetEmailAsync(user.Token, second);
        var back = await SetEmailAsync(user.Token, user.Email);

        AssertThrottled(refused, "USER-mailCool");
        AssertThrottled(back, "USER-mailCool");
        var (_, email) = await server.Clients.JsonAsync(HttpMethod.Get, "/auth/v1/users/me/email", user.Token);
        Assert.Equal(first, email.GetProperty("email").GetProperty("email").GetString());
        Assert.Equal(1, await MailsToAsync(first));
        Assert.Equal(0, await MailsToAsync(second));
    }

    [Fact]
    public async Task One_address_gets_at_most_the_cap_of_verification_mails_from_all_users_together()
    {
        var victim = $"victim-{Guid.NewGuid():N}@acme.test";
        var users = new List<TestUser>();
        for (var i = 0; i <= MaxSendsPerAddress; i++)
        {
            users.Add(await Accounts.CreateHumanAsync());
        }

        var answers = new List<(HttpStatusCode Status, JsonElement Body)>();
        foreach (var user in users)
        {
            answers.Add(await SetEmailAsync(user.Token, victim));
        }

        Assert.All(answers.Take(MaxSendsPerAddress), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        AssertThrottled(answers[^1], "USER-mailAddr");
        Assert.Equal(MaxSendsPerAddress, await MailsToAsync(victim));
    }

    [Fact]
    public async Task Verification_mails_to_an_address_do_not_spend_its_owners_sign_in_codes()
    {
        var owner = await SessionSteps.UserWithOtpEmailAsync(Accounts, server.Clients);
        for (var i = 0; i < MaxSendsPerAddress; i++)
        {
            var other = await Accounts.CreateHumanAsync();
            Assert.Equal(HttpStatusCode.OK, (await SetEmailAsync(other.Token, owner.Email)).Status);
        }

        var (status, _) = await new SessionSteps(server.Clients, Accounts.LoginClientToken).StartAsync(owner, """{"sendCode":{}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        await Accounts.WaitForMailAsync(server.Process.DataPath, owner.Email, m => m.Contains("One-Time Password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throttled_resend_on_the_hosted_security_page_shows_a_message_and_mails_nothing()
    {
        var (user, _) = await EmailCodeGuessLimitTests.UnverifiedUserWithReturnedCodeAsync(Accounts);
        using var browser = new HostedSecurityPage(server.Process.BaseAddress);
        var page = await browser.SignInAsync(user.LoginName, user.Password);

        var (sent, afterFirst) = await browser.SubmitAsync(page, "/ui/security/email/resend");
        var (status, afterSecond) = await browser.SubmitAsync(afterFirst, "/ui/security/email/resend");

        Assert.Equal(HttpStatusCode.Found, sent);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Too many requests", afterSecond, StringComparison.Ordinal);
        Assert.Equal(1, await MailsToAsync(user.Email));
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task A_throttled_resend_is_resource_exhausted_with_retry_info_over_every_grpc_protocol(Protocol protocol)
    {
        var (user, _) = await EmailCodeGuessLimitTests.UnverifiedUserWithReturnedCodeAsync(Accounts);
        var auth = new AuthService.AuthServiceClient(server.Clients.Channel(protocol));
        await auth.ResendMyEmailVerificationAsync(new ResendMyEmailVerificationRequest(), ApiClients.Bearer(user.Token), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await auth.ResendMyEmailVerificationAsync(new ResendMyEmailVerificationRequest(), ApiClients.Bearer(user.Token), cancellationToken: Ct));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var details = error.GetRpcStatus()!.Details;
        Assert.Equal("USER-mailCool", details.Single(d => d.Is(Zitadel.V1.ErrorDetail.Descriptor)).Unpack<Zitadel.V1.ErrorDetail>().Id);
        var retry = details.Single(d => d.Is(Google.Rpc.RetryInfo.Descriptor)).Unpack<Google.Rpc.RetryInfo>();
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> SetEmailAsync(string token, string email) =>
        server.Clients.JsonAsync(HttpMethod.Put, "/auth/v1/users/me/email", token, $$"""{"email":"{{email}}"}""");

    private static void AssertThrottled((HttpStatusCode Status, JsonElement Body) answer, string id)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Equal(8, answer.Body.GetProperty("code").GetInt32());
        Assert.Contains("retry in", answer.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var details = answer.Body.GetProperty("details").EnumerateArray().ToList();
        Assert.Contains(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/zitadel.v1.ErrorDetail" && d.GetProperty("id").GetString() == id);
        Assert.Contains(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.RetryInfo");
    }

    /// <summary>Verification mails delivered to an address, after giving the outbox time to deliver any extra one.</summary>
    private async Task<int> MailsToAsync(string address)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var folder = Path.Combine(server.Process.DataPath, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Count(f =>
                File.ReadAllText(f).Contains(address, StringComparison.OrdinalIgnoreCase) && File.ReadAllText(f).Contains("Verify email", StringComparison.Ordinal))
            : 0;
    }
}
