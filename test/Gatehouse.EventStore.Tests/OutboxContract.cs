using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gatehouse.EventStore.Tests;

/// <summary>
/// The transactional outbox on every backend: messages exist exactly when their events committed, a lease hands a
/// message to one worker at a time, and a message is finished atomically with the event that records its delivery.
/// Each test has a database of its own, since leasing sees every due message.
/// </summary>
public abstract class OutboxContract(IDatabaseFixture databases) : IAsyncLifetime
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 10, 2, 12, 0, 0, TimeSpan.Zero));
    EventStoreDatabase database = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = new EventStoreDatabase(await databases.CreateDatabaseAsync(), [], clock);
        await database.MigrateAsync([], Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Mails without an expiry (security notices), ids <c>n000</c>… in the order they are leased among themselves.</summary>
    static OutboxMessage[] Notices(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new OutboxMessage($"n{i:D3}", "p", null))];

    static AppendRequest Request(string streamId, long expected, params OutboxMessage[] messages) =>
        new(new StreamId("user", streamId), expected, "org", "tester", [new NewEvent("user.human.email.code.added")]) { Outbox = messages };

    [Fact]
    public async Task A_message_enqueued_with_events_is_leased_with_its_payload_and_expiry()
    {
        var notAfter = clock.GetUtcNow().AddMinutes(5);
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "sealed", notAfter))], Ct);

        var leased = Assert.Single(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct));

        Assert.Equal(("m1", "sealed", notAfter, 0), (leased.Id, leased.Payload, leased.NotAfter, leased.Attempts));
        Assert.Equal((1, clock.GetUtcNow()), await database.Outbox.DepthAsync(Ct));
    }

    [Fact]
    public async Task A_failed_append_enqueues_nothing()
    {
        await database.Store.AppendAsync([Request("u1", 0)], Ct);

        await Assert.ThrowsAsync<WrongExpectedSequenceException>(() =>
            database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "sealed", null))], Ct));

        Assert.Empty(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct));
    }

    [Fact]
    public async Task A_leased_message_is_invisible_to_other_workers_until_its_lease_runs_out()
    {
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "p", null))], Ct);
        Assert.Single(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct));

        Assert.Empty(await database.Outbox.LeaseAsync("node-b", 10, TimeSpan.FromMinutes(1), Ct));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("m1", Assert.Single(await database.Outbox.LeaseAsync("node-b", 10, TimeSpan.FromMinutes(1), Ct)).Id);
    }

    [Fact]
    public async Task Concurrent_workers_never_lease_the_same_message()
    {
        for (var i = 0; i < 40; i++)
        {
            await database.Store.AppendAsync([Request($"u{i}", 0, new OutboxMessage($"m{i}", "p", null))], Ct);
        }

        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => database.Outbox.LeaseAsync($"node-{w}", 5, TimeSpan.FromMinutes(1), Ct)));

        var ids = leases.SelectMany(l => l).Select(m => m.Id).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_restarted_node_gets_its_own_leases_back_at_once()
    {
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "p", null))], Ct);
        await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct);

        await database.Outbox.ReleaseLeasesAsync("node-b", Ct);
        Assert.Empty(await database.Outbox.LeaseAsync("node-b", 10, TimeSpan.FromMinutes(1), Ct));
        await database.Outbox.ReleaseLeasesAsync("node-a", Ct);
        Assert.Single(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct));
    }

    [Fact]
    public async Task A_rescheduled_message_waits_and_counts_its_attempts()
    {
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "p", null))], Ct);
        await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct);

        await database.Outbox.RescheduleAsync("m1", clock.GetUtcNow().AddSeconds(30), "connection refused", Ct);

        Assert.Empty(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, Assert.Single(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct)).Attempts);
    }

    [Fact]
    public async Task The_delivery_event_finishes_the_message_in_the_same_transaction()
    {
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "p", null))], Ct);

        await database.Store.AppendAsync(
            [new AppendRequest(new StreamId("user", "u1"), 1, "org", "worker", [new NewEvent("user.human.email.code.sent")]) { OutboxDone = ["m1"] }], Ct);

        Assert.Empty(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal((0, (DateTimeOffset?)null), await database.Outbox.DepthAsync(Ct));
    }

    [Fact]
    public async Task A_code_enqueued_after_many_notices_is_leased_first()
    {
        await database.Store.AppendAsync([Request("u1", 0, Notices(0, 200))], Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await database.Store.AppendAsync([Request("u2", 0, new OutboxMessage("code", "p", clock.GetUtcNow().AddMinutes(5)))], Ct);

        Assert.Equal("code", Assert.Single(await database.Outbox.LeaseAsync("node-a", 1, TimeSpan.FromMinutes(1), Ct)).Id);
        Assert.Equal(["n000", "n001"], (await database.Outbox.LeaseAsync("node-a", 2, TimeSpan.FromMinutes(1), Ct)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_code_in_backoff_does_not_overtake_notices_before_its_next_attempt()
    {
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("code", "p", clock.GetUtcNow().AddMinutes(5)))], Ct);
        await database.Outbox.LeaseAsync("node-a", 1, TimeSpan.FromMinutes(1), Ct);
        await database.Outbox.RescheduleAsync("code", clock.GetUtcNow().AddSeconds(30), "connection refused", Ct);
        await database.Store.AppendAsync([Request("u2", 0, Notices(0, 3))], Ct);

        Assert.Equal(["n000", "n001"], (await database.Outbox.LeaseAsync("node-a", 2, TimeSpan.FromMinutes(1), Ct)).Select(m => m.Id));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["code", "n002"], (await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct)).Select(m => m.Id));
    }

    [Fact]
    public async Task Every_notice_is_leased_in_order_once_no_code_is_due()
    {
        await database.Store.AppendAsync([Request("u1", 0, Notices(0, 5))], Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await database.Store.AppendAsync([Request("u2", 0, new OutboxMessage("code", "p", clock.GetUtcNow().AddMinutes(5)), Notices(5, 1)[0])], Ct);

        var order = new List<string>();
        while (await database.Outbox.LeaseAsync("node-a", 1, TimeSpan.FromMinutes(1), Ct) is [var message])
        {
            order.Add(message.Id);
        }

        Assert.Equal(["code", "n000", "n001", "n002", "n003", "n004", "n005"], order);
    }

    [Fact]
    public async Task Enqueueing_the_same_id_twice_keeps_one_message()
    {
        await database.Store.AppendAsync([Request("u1", 0, new OutboxMessage("m1", "first", null))], Ct);
        await database.Store.AppendAsync([Request("u1", 1, new OutboxMessage("m1", "second", null))], Ct);

        Assert.Equal("first", Assert.Single(await database.Outbox.LeaseAsync("node-a", 10, TimeSpan.FromMinutes(1), Ct)).Payload);
    }
}

public sealed class SqliteOutboxTests(SqliteDatabases databases) : OutboxContract(databases), IClassFixture<SqliteDatabases>;

public sealed class PostgresOutboxTests(PostgresDatabases databases) : OutboxContract(databases), IClassFixture<PostgresDatabases>;
