using System.Diagnostics;
using System.Net;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Nodes;

/// <summary>
/// Several nodes on one database, proven with two real server processes on one PostgreSQL database: writes to one
/// user stay consistent whichever node takes them, and each mail is delivered once across nodes, also when the node
/// delivering it dies.
/// </summary>
public sealed class TwoNodeTests
{
    private const string FactorPath = "/auth/v1/users/me/auth_factors/otp_email";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_second_node_finds_the_instance_set_up_and_sets_up_nothing()
    {
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail);

        Assert.Equal(1, await nodes.Database.CountAsync("SELECT COUNT(*) FROM instances"));
        Assert.True(File.Exists(Path.Combine(nodes.A.DataPath, "admin.pat")));
        Assert.False(File.Exists(Path.Combine(nodes.B.DataPath, "admin.pat")));
        // A token of node A's instance, hashed with the shared master key, works on node B.
        var user = await nodes.Accounts.CreateHumanAsync();
        Assert.Equal(HttpStatusCode.OK, await TwoNodes.SendAsync(nodes.ClientsB.Rest, HttpMethod.Get, "/auth/v1/users/me", user.Token));
    }

    [Fact]
    public async Task Two_nodes_starting_at_once_set_up_exactly_one_instance()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var environment = TwoNodes.NodeEnvironment(database, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var starting = new[] { GatehouseProcess.StartAsync(environment), GatehouseProcess.StartAsync(environment) };
        try
        {
            var nodes = await Task.WhenAll(starting);

            Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM instances"));
            Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM orgs"));
            Assert.Single(nodes, node => File.Exists(Path.Combine(node.DataPath, "admin.pat")));
        }
        finally
        {
            foreach (var node in starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result))
            {
                await node.DisposeAsync();
                node.DeleteData();
            }
        }
    }

    [Fact]
    public async Task A_session_ended_through_one_node_stops_its_token_on_the_other_node_that_had_it_cached()
    {
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail);
        var user = await nodes.Accounts.CreateHumanAsync();
        var session = await nodes.Accounts.PostAsync("/v2/sessions", nodes.Accounts.LoginClientToken,
            $$$$"""{"checks":{"user":{"loginName":"{{{{user.LoginName}}}}"},"password":{"password":"{{{{user.Password}}}}"}}}""", HttpStatusCode.Created);
        var (sessionId, token) = (session["sessionId"]!.GetValue<string>(), session["sessionToken"]!.GetValue<string>());
        // Used on node B, so node B has the token cached.
        Assert.Equal(HttpStatusCode.OK, await TwoNodes.SendAsync(nodes.ClientsB.Rest, HttpMethod.Get, "/auth/v1/users/me", token));

        Assert.Equal(HttpStatusCode.OK, await TwoNodes.SendAsync(nodes.ClientsA.Rest, HttpMethod.Delete, $"/v2/sessions/{sessionId}",
            nodes.Accounts.LoginClientToken, "{}"));

        // Node B learns of it by following the log (every 250 ms); a generous bound for a loaded test machine.
        var ended = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (status == HttpStatusCode.OK && ended.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, Ct);
            status = await TwoNodes.SendAsync(nodes.ClientsB.Rest, HttpMethod.Get, "/auth/v1/users/me", token);
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        // Node A, which wrote the end, refuses it at once.
        Assert.Equal(HttpStatusCode.NotFound, await TwoNodes.SendAsync(nodes.ClientsA.Rest, HttpMethod.Get, "/auth/v1/users/me", token));
    }

    [Fact]
    public async Task Concurrent_adds_of_one_factor_through_both_nodes_let_exactly_one_succeed()
    {
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail);

        for (var round = 0; round < 3; round++)
        {
            var user = await nodes.Accounts.CreateHumanAsync();
            var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                TwoNodes.SendAsync(nodes.Rest(i), HttpMethod.Post, FactorPath, user.Token, "{}")));

            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
            // A loser authenticated after the winner committed is a password-only session of a user who now has a
            // second factor: refused as such, which is as good an answer as "already set up".
            Assert.Equal(15, statuses.Count(s => s is HttpStatusCode.Conflict or HttpStatusCode.Forbidden));
            Assert.Equal(1, await nodes.Database.CountAsync(
                $"SELECT COUNT(*) FROM events WHERE aggregate_id = '{user.UserId}' AND event_type = 'user.human.mfa.otp.email.added'"));
        }
    }

    [Fact]
    public async Task Concurrent_email_changes_of_one_user_through_both_nodes_are_each_applied_once_or_refused_cleanly()
    {
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail, throttleMails: false);
        var user = await nodes.Accounts.CreateHumanAsync();

        // Every change is allowed whatever the others did, so each retries after a lost race until it gets its turn;
        // only a change that loses every retry is refused, with gRPC's Aborted (409), never an internal error.
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var request = ApiClients.Request(HttpMethod.Put, "/auth/v1/users/me/email", user.Token,
                $$"""{"email":"change{{i}}-{{user.Email}}"}""");
            using var response = await nodes.Rest(i).SendAsync(request, Ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }));

        var applied = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK),
            a => Assert.Equal((HttpStatusCode.Conflict, """{"code":10,"message":"concurrent modification, try again"}"""), a));
        Assert.True(applied >= 8, $"only {applied} of 16 changes got their turn");
        Assert.Equal(applied, await nodes.Database.CountAsync(
            $"SELECT COUNT(*) FROM events WHERE aggregate_id = '{user.UserId}' AND event_type = 'user.human.email.changed'"));
    }

    [Fact]
    public async Task Mail_queued_through_both_nodes_is_delivered_once_per_message()
    {
        const int users = 4, changesPerUser = 5, expected = users * changesPerUser;
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail, throttleMails: false);
        var created = new List<TestUser>();
        for (var i = 0; i < users; i++)
        {
            // Never verified: a verified address would also get a notice of each change, and this counts code mails.
            created.Add(await nodes.Accounts.CreateHumanAsync(verified: false));
        }

        // Each change of address queues one verification mail; users in parallel, their changes spread over both nodes.
        await Task.WhenAll(created.Select(async (user, u) =>
        {
            for (var change = 0; change < changesPerUser; change++)
            {
                Assert.Equal(HttpStatusCode.OK, await TwoNodes.SendAsync(nodes.Rest(u + change), HttpMethod.Put, "/auth/v1/users/me/email",
                    user.Token, $$"""{"email":"change{{change}}-{{user.Email}}"}"""));
            }
        }));

        await WaitUntilAsync(() => mail.Received.Count >= expected, TimeSpan.FromSeconds(60));
        // Both workers poll every second: a second delivery of any message would arrive within this.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);

        var messageIds = mail.Received.Select(m => m.MessageId).ToList();
        Assert.Equal(expected, messageIds.Count);
        Assert.Equal(expected, messageIds.Distinct().Count());
        Assert.Equal(0, await nodes.Database.CountAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(expected, await nodes.Database.CountAsync("SELECT COUNT(*) FROM events WHERE event_type = 'user.human.email.code.sent'"));
    }

    [Fact]
    public async Task When_the_delivering_node_dies_the_other_delivers_the_mail_once_after_the_lease()
    {
        const int leaseSeconds = 3;
        // Each node has its own mail server, holding every client at RCPT TO: whichever node leases the mail is
        // caught mid-delivery at its own server, which tells the test which node to kill.
        await using var mailOfA = await HoldingSmtpSink.StartAsync(hold: true);
        await using var mailOfB = await HoldingSmtpSink.StartAsync(hold: true);
        await using var nodes = await TwoNodes.StartAsync(mailOfA, mailOfB, leaseSeconds);
        // Never verified, so the change mails only the code, not also a notice to the old address.
        var user = await nodes.Accounts.CreateHumanAsync(verified: false);

        Assert.Equal(HttpStatusCode.OK, await TwoNodes.SendAsync(nodes.ClientsA.Rest, HttpMethod.Put, "/auth/v1/users/me/email",
            user.Token, $$"""{"email":"moved-{{user.Email}}"}"""));
        var caught = await Task.WhenAny(mailOfA.Held, mailOfB.Held).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var sinceCaught = Stopwatch.StartNew();
        var (dying, mailOfDying, mailOfSurvivor) = caught == mailOfA.Held ? (nodes.A, mailOfA, mailOfB) : (nodes.B, mailOfB, mailOfA);
        await dying.KillAsync();
        mailOfA.Release();
        mailOfB.Release();

        await WaitUntilAsync(() => mailOfSurvivor.Received.Count > 0, TimeSpan.FromSeconds(30));
        var tookOverAfter = sinceCaught.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        Assert.Empty(mailOfDying.Received);
        var delivered = Assert.Single(mailOfSurvivor.Received);
        Assert.Contains($"moved-{user.Email}", delivered.To.ToString(), StringComparison.Ordinal);
        // Not while the dead node's lease still held the message.
        Assert.True(tookOverAfter > TimeSpan.FromSeconds(leaseSeconds - 1), $"taken over after {tookOverAfter}");
        Assert.Equal(0, await nodes.Database.CountAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(1, await nodes.Database.CountAsync(
            $"SELECT COUNT(*) FROM events WHERE aggregate_id = '{user.UserId}' AND event_type = 'user.human.email.code.sent'"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {timeout}.");
            await Task.Delay(100, Ct);
        }
    }
}
