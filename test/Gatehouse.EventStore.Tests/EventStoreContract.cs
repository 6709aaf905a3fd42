using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gatehouse.EventStore.Tests;

/// <summary>
/// What every backend of the event store must do. Each backend runs this suite unchanged through a subclass that
/// only says how to get a database.
/// </summary>
public abstract class EventStoreContract : IAsyncLifetime
{
    protected const string Secret = "do-not-leak-this-password";

    // Deliberately not on a microsecond boundary: the store must cut the last tick off.
    static readonly DateTimeOffset Now = new DateTimeOffset(2025, 10, 2, 12, 34, 56, TimeSpan.Zero).AddTicks(1_234_567);
    static readonly DateTimeOffset NowInMicroseconds = new DateTimeOffset(2025, 10, 2, 12, 34, 56, TimeSpan.Zero).AddTicks(1_234_560);

    readonly FakeTimeProvider clock = new(Now);
    readonly RecordingProjection projection;
    EventStoreDatabase database = null!;

    readonly IDatabaseFixture databases;

    protected EventStoreContract(IDatabaseFixture databases, string? transactionIdSql = null)
    {
        this.databases = databases;
        projection = new RecordingProjection(transactionIdSql);
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    IEventStore Store => database.Store;

    /// <summary>A database that cannot be reached; for PostgreSQL with <see cref="Secret"/> as its password.</summary>
    protected abstract StoreOptions UnreachableDatabase();

    /// <summary>
    /// Takes the store's write lock the way another process would, so that appends queue up until the returned
    /// handle is disposed.
    /// </summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync(StoreOptions options);

    /// <summary>
    /// A trigger that, on inserting an event of type <c>test.collide</c>, first inserts another event with the same
    /// stream and sequence: a writer that bypassed the store's lock.
    /// </summary>
    protected abstract string CollidingWriterTriggerSql { get; }

    public async ValueTask InitializeAsync()
    {
        database = Open(databases.SharedDatabase);
        await database.MigrateAsync([RecordingProjection.Migration], Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected EventStoreDatabase Open(StoreOptions options) => new(options, [projection], clock);

    [Fact]
    public async Task Appending_to_a_new_stream_numbers_events_from_one_and_gives_them_one_time_in_microseconds()
    {
        var stream = NewStream();

        var result = await Store.AppendAsync([Request(stream, 0, "user.human.added", "user.human.email.verified", "user.human.mfa.otp.email.added")], Ct);

        Assert.Equal([1L, 2L, 3L], result.Events.Select(e => e.Sequence));
        Assert.All(result.Events, e => Assert.Equal(NowInMicroseconds, e.CreatedAt));
        Assert.True(result.Events[0].Position < result.Events[1].Position && result.Events[1].Position < result.Events[2].Position);
        Assert.Equal(3, result.LastOf(stream).Sequence);
        Assert.Equal(result.Events, await Store.ReadStreamAsync(stream, cancellationToken: Ct));
    }

    [Fact]
    public async Task Appending_continues_the_sequence_of_an_existing_stream_and_reading_after_a_sequence_returns_the_rest()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "first", "second")], Ct);
        clock.Advance(TimeSpan.FromSeconds(1));

        var result = await Store.AppendAsync([Request(stream, 2, "third")], Ct);

        var third = Assert.Single(result.Events);
        Assert.Equal(3, third.Sequence);
        Assert.Equal(NowInMicroseconds.AddSeconds(1), third.CreatedAt);
        Assert.Equal([third], await Store.ReadStreamAsync(stream, afterSequence: 2, Ct));
        Assert.Equal(["first", "second", "third"], (await Store.ReadStreamAsync(stream, cancellationToken: Ct)).Select(e => e.Type));
        Assert.Empty(await Store.ReadStreamAsync(NewStream(), cancellationToken: Ct));
    }

    [Fact]
    public async Task Appending_with_expected_sequence_zero_to_an_existing_stream_fails_with_the_actual_sequence()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "first", "second")], Ct);

        var error = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => Store.AppendAsync([Request(stream, 0, "again")], Ct));

        Assert.Equal((stream, 0L, 2L), (error.Stream, error.Expected, error.Actual));
    }

    [Fact]
    public async Task Appending_with_a_stale_expected_sequence_fails_with_the_actual_sequence_and_writes_nothing()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "first", "second", "third")], Ct);

        var error = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => Store.AppendAsync([Request(stream, 1, "late")], Ct));

        Assert.Equal((1L, 3L), (error.Expected, error.Actual));
        Assert.Equal(3, (await Store.ReadStreamAsync(stream, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Appending_with_an_expected_sequence_ahead_of_the_stream_fails_instead_of_leaving_a_gap()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "first")], Ct);

        var error = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => Store.AppendAsync([Request(stream, 5, "sixth")], Ct));

        Assert.Equal((5L, 1L), (error.Expected, error.Actual));
        Assert.Single(await Store.ReadStreamAsync(stream, cancellationToken: Ct));
    }

    [Fact]
    public async Task Concurrent_appends_with_the_same_expected_sequence_let_exactly_one_win()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "first")], Ct);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Store.AppendAsync([Request(stream, 1, $"attempt.{i}")], Ct);
                return null;
            }
            catch (WrongExpectedSequenceException e)
            {
                return e;
            }
        }, Ct)).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o is null);
        Assert.Equal(19, outcomes.Count(o => o is { Expected: 1, Actual: 2 }));
        Assert.Equal(2, (await Store.ReadStreamAsync(stream, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_appends_to_different_streams_all_succeed_with_distinct_positions()
    {
        var before = await HeadAsync();
        var streams = Enumerable.Range(0, 20).Select(_ => NewStream()).ToArray();

        await Task.WhenAll(streams.Select(s => Task.Run(() => Store.AppendAsync([Request(s, 0, "one", "two")], Ct), Ct)));

        var all = await Store.ReadAllAsync(before, 1000, Ct);
        Assert.Equal(40, all.Count);
        Assert.Equal(all.Select(e => e.Position).Order(), all.Select(e => e.Position));
        Assert.Equal(40, all.Select(e => e.Position).Distinct().Count());
        Assert.All(streams, s => Assert.Equal([1L, 2L], all.Where(e => e.Stream == s).Select(e => e.Sequence)));
    }

    [Fact]
    public async Task Appending_to_several_streams_writes_nothing_when_a_later_request_fails()
    {
        var fresh = NewStream();
        var existing = NewStream();
        await Store.AppendAsync([Request(existing, 0, "first")], Ct);

        await Assert.ThrowsAsync<WrongExpectedSequenceException>(() =>
            Store.AppendAsync([Request(fresh, 0, "created"), Request(existing, 0, "stale")], Ct));

        Assert.Empty(await Store.ReadStreamAsync(fresh, cancellationToken: Ct));
        Assert.Single(await Store.ReadStreamAsync(existing, cancellationToken: Ct));
    }

    [Fact]
    public async Task Appending_to_several_streams_returns_their_events_in_the_order_given()
    {
        var user = NewStream("user");
        var session = NewStream("session");

        var result = await Store.AppendAsync([Request(user, 0, "user.one", "user.two"), Request(session, 0, "session.one")], Ct);

        Assert.Equal(["user.one", "user.two", "session.one"], result.Events.Select(e => e.Type));
        Assert.Equal(2, result.LastOf(user).Sequence);
        Assert.Equal(1, result.LastOf(session).Sequence);
        Assert.Single(result.Events.Select(e => e.CreatedAt).Distinct());
    }

    [Fact]
    public async Task The_first_append_fixes_the_resource_owner_of_a_stream()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "created") with { ResourceOwner = "org-first" }], Ct);

        var result = await Store.AppendAsync([Request(stream, 1, "changed") with { ResourceOwner = "org-other", Creator = "someone-else" }], Ct);

        Assert.Equal("org-first", Assert.Single(result.Events).ResourceOwner);
        Assert.Equal("someone-else", result.Events[0].Creator);
        Assert.All(await Store.ReadStreamAsync(stream, cancellationToken: Ct), e => Assert.Equal("org-first", e.ResourceOwner));
    }

    [Fact]
    public async Task A_claim_held_by_another_aggregate_fails_the_append_and_writes_nothing()
    {
        var alice = NewStream();
        var mallory = NewStream();
        var name = Claim("login_name", "alice@example.com");
        await Store.AppendAsync([Request(alice, 0, "user.human.added") with { Claims = [name] }], Ct);

        var error = await Assert.ThrowsAsync<UniqueClaimTakenException>(() =>
            Store.AppendAsync([Request(mallory, 0, "user.human.added") with { Claims = [name] }], Ct));

        Assert.Equal(name, error.Claim);
        Assert.DoesNotContain(name.Value, error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ReadStreamAsync(mallory, cancellationToken: Ct));
        Assert.Equal(alice.AggregateId, await Store.FindClaimOwnerAsync(name, Ct));
    }

    [Fact]
    public async Task A_released_claim_can_be_taken_by_another_aggregate()
    {
        var alice = NewStream();
        var bob = NewStream();
        var name = Claim("login_name", "shared@example.com");
        await Store.AppendAsync([Request(alice, 0, "user.human.added") with { Claims = [name] }], Ct);
        await Store.AppendAsync([Request(alice, 1, "user.username.changed") with { Releases = [name] }], Ct);
        Assert.Null(await Store.FindClaimOwnerAsync(name, Ct));

        await Store.AppendAsync([Request(bob, 0, "user.human.added") with { Claims = [name] }], Ct);

        Assert.Equal(bob.AggregateId, await Store.FindClaimOwnerAsync(name, Ct));
    }

    [Fact]
    public async Task A_claim_released_and_taken_in_one_append_moves_to_the_new_holder()
    {
        var alice = NewStream();
        var bob = NewStream();
        var name = Claim("login_name", "moving@example.com");
        await Store.AppendAsync([Request(alice, 0, "user.human.added") with { Claims = [name] }], Ct);

        await Store.AppendAsync(
            [Request(alice, 1, "user.username.changed") with { Releases = [name] }, Request(bob, 0, "user.human.added") with { Claims = [name] }],
            Ct);

        Assert.Equal(bob.AggregateId, await Store.FindClaimOwnerAsync(name, Ct));
    }

    [Fact]
    public async Task Releasing_a_claim_held_by_another_aggregate_leaves_it_with_its_holder()
    {
        var alice = NewStream();
        var mallory = NewStream();
        var name = Claim("login_name", "kept@example.com");
        await Store.AppendAsync([Request(alice, 0, "user.human.added") with { Claims = [name] }], Ct);

        await Store.AppendAsync([Request(mallory, 0, "user.human.added") with { Releases = [name] }], Ct);

        Assert.Equal(alice.AggregateId, await Store.FindClaimOwnerAsync(name, Ct));
    }

    [Fact]
    public async Task Claiming_a_value_the_aggregate_already_holds_succeeds()
    {
        var alice = NewStream();
        var name = Claim("login_name", "again@example.com");
        await Store.AppendAsync([Request(alice, 0, "user.human.added") with { Claims = [name] }], Ct);

        await Store.AppendAsync([Request(alice, 1, "user.human.profile.changed") with { Claims = [name] }], Ct);

        Assert.Equal(alice.AggregateId, await Store.FindClaimOwnerAsync(name, Ct));
        Assert.Equal(2, (await Store.ReadStreamAsync(alice, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Claims_and_releases_roll_back_with_a_failed_append()
    {
        var alice = NewStream();
        var bob = NewStream();
        var existing = NewStream();
        var aliceName = Claim("login_name", "rollback-alice@example.com");
        var bobName = Claim("login_name", "rollback-bob@example.com");
        await Store.AppendAsync([Request(alice, 0, "user.human.added") with { Claims = [aliceName] }, Request(existing, 0, "first")], Ct);

        await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => Store.AppendAsync(
            [
                Request(alice, 1, "user.username.changed") with { Releases = [aliceName] },
                Request(bob, 0, "user.human.added") with { Claims = [bobName] },
                Request(existing, 0, "stale"),
            ],
            Ct));

        Assert.Equal(alice.AggregateId, await Store.FindClaimOwnerAsync(aliceName, Ct));
        Assert.Null(await Store.FindClaimOwnerAsync(bobName, Ct));
    }

    [Fact]
    public async Task Inline_projections_see_the_appended_events_inside_the_transaction()
    {
        var user = NewStream("user");
        var session = NewStream("session");

        var result = await Store.AppendAsync([Request(user, 0, "user.one", "user.two"), Request(session, 0, "session.one")], Ct);

        Assert.Equal(result.Events, Assert.Single(projection.Calls));
        foreach (var stored in result.Events)
        {
            Assert.Equal(1L, await ScalarAsync(database, "SELECT seen_in_log FROM projected_events WHERE position = @position", ("position", stored.Position)));
        }
    }

    [Fact]
    public async Task Projection_writes_and_events_roll_back_when_a_projection_fails()
    {
        var stream = NewStream();

        await Assert.ThrowsAnyAsync<DbException>(() =>
            Store.AppendAsync([Request(stream, 0, "projected.first", RecordingProjection.FailingEventType)], Ct));

        Assert.Empty(await Store.ReadStreamAsync(stream, cancellationToken: Ct));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM projected_events WHERE aggregate_id = @id", ("id", stream.AggregateId)));
    }

    [Fact]
    public async Task Reading_all_returns_events_in_position_order_and_pages_after_a_position()
    {
        var before = await HeadAsync();
        var first = NewStream();
        var second = NewStream();
        await Store.AppendAsync([Request(first, 0, "a.1", "a.2")], Ct);
        await Store.AppendAsync([Request(second, 0, "b.1")], Ct);
        await Store.AppendAsync([Request(first, 2, "a.3")], Ct);

        var page1 = await Store.ReadAllAsync(before, 3, Ct);
        var page2 = await Store.ReadAllAsync(page1[^1].Position, 3, Ct);
        var page3 = await Store.ReadAllAsync(page2[^1].Position, 3, Ct);

        Assert.Equal(["a.1", "a.2", "b.1"], page1.Select(e => e.Type));
        Assert.Equal(["a.3"], page2.Select(e => e.Type));
        Assert.Empty(page3);
        var positions = page1.Concat(page2).Select(e => e.Position).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(4, positions.Distinct().Count());
    }

    [Fact]
    public async Task A_reader_following_positions_misses_no_event_while_appends_commit_concurrently()
    {
        // A reader that keeps only its last position as a checkpoint would skip an event whose position was taken
        // before, but committed after, a larger one it already read.
        const int Writers = 8;
        const int AppendsEach = 25;
        var checkpoint = await HeadAsync();
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            var stream = NewStream();
            for (var i = 0; i < AppendsEach; i++)
            {
                await Store.AppendAsync([Request(stream, i, "tick")], Ct);
            }
        }, Ct)));

        var seen = new List<StoredEvent>();
        while (true)
        {
            var finished = writing.IsCompleted;
            var page = await Store.ReadAllAsync(checkpoint, 50, Ct);
            seen.AddRange(page);
            checkpoint = page.Count > 0 ? page[^1].Position : checkpoint;
            if (finished && page.Count == 0)
            {
                break;
            }
        }

        await writing;
        Assert.Equal(Writers * AppendsEach, seen.Count);
    }

    [Fact]
    public async Task Appends_that_queue_up_during_a_commit_share_the_next_transaction_and_are_all_durable()
    {
        var streams = Enumerable.Range(0, 50).Select(_ => NewStream()).ToArray();
        Task<AppendResult>[] appends;
        await using (await HoldWriteLockAsync(databases.SharedDatabase))
        {
            appends = [.. streams.Select(s => Store.AppendAsync([Request(s, 0, "grouped.one", "grouped.two")], Ct))];
        }

        var results = await Task.WhenAll(appends);

        // The writer may have taken the first append into a transaction of its own before the others queued up.
        Assert.InRange(TransactionsOf(results).Count, 1, 2);
        await using var reopened = Open(databases.SharedDatabase);
        foreach (var (stream, result) in streams.Zip(results))
        {
            Assert.Equal(result.Events, await reopened.Store.ReadStreamAsync(stream, cancellationToken: Ct));
        }
    }

    [Fact]
    public async Task An_append_that_fails_in_a_shared_transaction_fails_alone_and_leaves_nothing_behind()
    {
        var existing = NewStream();
        await Store.AppendAsync([Request(existing, 0, "first")], Ct);
        var name = Claim("login_name", "grouped@example.com");
        var holder = NewStream();
        await Store.AppendAsync([Request(holder, 0, "user.human.added") with { Claims = [name] }], Ct);
        var good = Enumerable.Range(0, 10).Select(_ => NewStream()).ToArray();
        var (stale, clashing, failing, contested) = (NewStream(), NewStream(), NewStream(), NewStream());

        Task<AppendResult>[] goodAppends;
        Task<AppendResult> staleAppend, claimAppend, projectionAppend, winner, loser;
        await using (await HoldWriteLockAsync(databases.SharedDatabase))
        {
            var first = good.Take(5).Select(s => Store.AppendAsync([Request(s, 0, "good")], Ct)).ToList();
            staleAppend = Store.AppendAsync([Request(existing, 0, "stale"), Request(stale, 0, "with.the.stale.one")], Ct);
            claimAppend = Store.AppendAsync([Request(clashing, 0, "user.human.added") with { Claims = [name] }], Ct);
            projectionAppend = Store.AppendAsync([Request(failing, 0, "projected", RecordingProjection.FailingEventType)], Ct);
            winner = Store.AppendAsync([Request(contested, 0, "winner")], Ct);
            loser = Store.AppendAsync([Request(contested, 0, "loser")], Ct);
            goodAppends = [.. first, .. good.Skip(5).Select(s => Store.AppendAsync([Request(s, 0, "good")], Ct))];
        }

        var results = await Task.WhenAll(goodAppends);
        var staleError = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => staleAppend);
        Assert.Equal(name, (await Assert.ThrowsAsync<UniqueClaimTakenException>(() => claimAppend)).Claim);
        await Assert.ThrowsAnyAsync<DbException>(() => projectionAppend);
        var won = await winner;
        var lost = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => loser);

        Assert.Equal((existing, 0L, 1L), (staleError.Stream, staleError.Expected, staleError.Actual));
        Assert.Equal((contested, 0L, 1L), (lost.Stream, lost.Expected, lost.Actual));
        Assert.Equal(["winner"], (await Store.ReadStreamAsync(contested, cancellationToken: Ct)).Select(e => e.Type));
        Assert.InRange(TransactionsOf([.. results, won]).Count, 1, 2);
        foreach (var (stream, result) in good.Zip(results))
        {
            Assert.Equal(result.Events, await Store.ReadStreamAsync(stream, cancellationToken: Ct));
        }

        Assert.Single(await Store.ReadStreamAsync(existing, cancellationToken: Ct));
        Assert.Empty(await Store.ReadStreamAsync(stale, cancellationToken: Ct));
        Assert.Empty(await Store.ReadStreamAsync(clashing, cancellationToken: Ct));
        Assert.Empty(await Store.ReadStreamAsync(failing, cancellationToken: Ct));
        Assert.Equal(holder.AggregateId, await Store.FindClaimOwnerAsync(name, Ct));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM projected_events WHERE aggregate_id = @id", ("id", failing.AggregateId)));
    }

    [Fact]
    public async Task Appends_to_one_stream_that_share_a_transaction_continue_each_other_and_keep_the_first_owner()
    {
        // The heads of a shared transaction are read once for all its appends: a later append to the same stream
        // must see the earlier one, or it would take the same sequence (or a gap) and fail the whole batch.
        var stream = NewStream();
        Task<AppendResult> first, second, stale;
        await using (await HoldWriteLockAsync(databases.SharedDatabase))
        {
            first = Store.AppendAsync([Request(stream, 0, "one", "two") with { ResourceOwner = "org-first" }], Ct);
            second = Store.AppendAsync([Request(stream, 2, "three") with { ResourceOwner = "org-other" }], Ct);
            stale = Store.AppendAsync([Request(stream, 2, "stale")], Ct);
        }

        var (one, two) = (await first, await second);
        var lost = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => stale);

        Assert.Equal([1L, 2L, 3L], [.. one.Events.Select(e => e.Sequence), .. two.Events.Select(e => e.Sequence)]);
        Assert.Equal((2L, 3L), (lost.Expected, lost.Actual));
        var stored = await Store.ReadStreamAsync(stream, cancellationToken: Ct);
        Assert.Equal(["one", "two", "three"], stored.Select(e => e.Type));
        Assert.All(stored, e => Assert.Equal("org-first", e.ResourceOwner));
        Assert.True(one.Events[^1].Position < two.Events[0].Position);
    }

    [Fact]
    public async Task An_append_cancelled_while_it_waits_for_the_write_lock_writes_nothing()
    {
        var stream = NewStream();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task<AppendResult> first, cancelled;
        await using (await HoldWriteLockAsync(databases.SharedDatabase))
        {
            first = Store.AppendAsync([Request(NewStream(), 0, "first")], Ct);
            // Let the writer take the first append and block on the lock, so the next one stays queued.
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            cancelled = Store.AppendAsync([Request(stream, 0, "cancelled")], cancel.Token);
            await cancel.CancelAsync();
        }

        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Empty(await Store.ReadStreamAsync(stream, cancellationToken: Ct));
    }

    [Fact]
    public async Task An_append_naming_one_stream_twice_is_refused_and_writes_nothing()
    {
        var stream = NewStream();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync([Request(stream, 0, "one"), Request(stream, 1, "two")], Ct));

        Assert.Empty(await Store.ReadStreamAsync(stream, cancellationToken: Ct));
    }

    [Fact]
    public async Task Appending_nothing_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync([], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync([Request(NewStream(), 0)], Ct));
    }

    [Fact]
    public async Task A_sequence_clash_caught_by_the_unique_constraint_is_reported_as_wrong_expected_sequence()
    {
        await using var scratch = Open(await databases.CreateDatabaseAsync());
        await scratch.MigrateAsync([RecordingProjection.Migration], Ct);
        await ExecuteAsync(scratch, CollidingWriterTriggerSql);
        var stream = NewStream();

        var error = await Assert.ThrowsAsync<WrongExpectedSequenceException>(() => scratch.Store.AppendAsync([Request(stream, 0, "test.collide")], Ct));

        Assert.Equal((stream, 0L), (error.Stream, error.Expected));
        Assert.Empty(await scratch.Store.ReadStreamAsync(stream, cancellationToken: Ct));
    }

    [Fact]
    public async Task Running_migrations_again_applies_nothing_twice()
    {
        var options = await databases.CreateDatabaseAsync();
        await using (var first = Open(options))
        {
            await first.MigrateAsync([RecordingProjection.Migration], Ct);
            await first.MigrateAsync([RecordingProjection.Migration], Ct);
        }

        await using var restarted = Open(options);
        await restarted.MigrateAsync([RecordingProjection.Migration], Ct);

        Assert.Equal(["eventstore/1", "eventstore/2", "eventstore/3", "test/1"], await AppliedMigrationsAsync(restarted));
        await restarted.Store.AppendAsync([Request(NewStream(), 0, "works")], Ct);
    }

    [Fact]
    public async Task App_migrations_are_applied_in_version_order_with_dialect_placeholders()
    {
        await using var scratch = Open(await databases.CreateDatabaseAsync());
        Migration[] migrations =
        [
            new("ordering", 2, "add a row", "INSERT INTO blobs (content) VALUES (NULL)"),
            new("ordering", 1, "create table", "CREATE TABLE blobs (id {identity}, content {bytes} NULL)"),
        ];

        await scratch.MigrateAsync(migrations, Ct);

        Assert.Equal(["eventstore/1", "eventstore/2", "eventstore/3", "ordering/1", "ordering/2"], await AppliedMigrationsAsync(scratch));
        await ExecuteAsync(scratch, "INSERT INTO blobs (content) VALUES (@content)", ("content", new byte[] { 0, 1, 255 }));
        Assert.Equal(2L, await ScalarAsync(scratch, "SELECT COUNT(*) FROM blobs"));
        Assert.Equal(new byte[] { 0, 1, 255 }, (byte[])(await RawScalarAsync(scratch, "SELECT content FROM blobs WHERE content IS NOT NULL"))!);
    }

    [Fact]
    public async Task Several_processes_migrating_at_once_apply_each_migration_once()
    {
        var options = await databases.CreateDatabaseAsync();
        var processes = Enumerable.Range(0, 8).Select(_ => Open(options)).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var migrating = processes.Select(p => Task.Run(async () =>
            {
                await start.Task;
                await p.MigrateAsync([RecordingProjection.Migration], Ct);
            }, Ct)).ToList();
            start.SetResult();
            await Task.WhenAll(migrating);

            Assert.Equal(["eventstore/1", "eventstore/2", "eventstore/3", "test/1"], await AppliedMigrationsAsync(processes[0]));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_migration_that_another_process_applied_after_this_one_read_the_history_is_not_applied_again()
    {
        // The first migration plays the other process: it records the second one while this run is under way.
        await using var scratch = Open(await databases.CreateDatabaseAsync());
        Migration[] migrations =
        [
            new("race", 1, "other process", "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES ('race', 2, 'elsewhere', 0)"),
            new("race", 2, "already applied", "CREATE TABLE applied_twice (id BIGINT); CREATE TABLE (broken"),
        ];

        await scratch.MigrateAsync(migrations, Ct);

        Assert.Equal(["eventstore/1", "eventstore/2", "eventstore/3", "race/1", "race/2"], await AppliedMigrationsAsync(scratch));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_applied_once_fixed()
    {
        await using var scratch = Open(await databases.CreateDatabaseAsync());
        var good = new Migration("broken", 1, "good", "CREATE TABLE good (id BIGINT)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scratch.MigrateAsync([good, new("broken", 2, "bad", "CREATE TABLE half (id BIGINT); CREATE TABLE (")], Ct));

        Assert.Contains("broken/2 'bad'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["broken/1", "eventstore/1", "eventstore/2", "eventstore/3"], await AppliedMigrationsAsync(scratch));
        await scratch.MigrateAsync([good, new("broken", 2, "fixed", "CREATE TABLE half (id BIGINT)")], Ct);
        Assert.Equal(["broken/1", "broken/2", "eventstore/1", "eventstore/2", "eventstore/3"], await AppliedMigrationsAsync(scratch));
    }

    [Fact]
    public async Task A_database_with_a_migration_this_version_does_not_know_is_refused()
    {
        var options = await databases.CreateDatabaseAsync();
        await using (var newer = Open(options))
        {
            await newer.MigrateAsync([RecordingProjection.Migration, new("test", 2, "from the future", "CREATE TABLE future (id BIGINT)")], Ct);
        }

        await using var older = Open(options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.MigrateAsync([RecordingProjection.Migration], Ct));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Contains("test/2 'from the future'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrations_that_clash_with_each_other_or_with_the_store_are_refused()
    {
        var create = new Migration("app", 1, "create", "CREATE TABLE t (id BIGINT)");

        await Assert.ThrowsAsync<ArgumentException>(() => database.MigrateAsync([create, create with { Name = "again" }], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => database.MigrateAsync([create with { Module = "eventstore", Version = 2 }], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => database.MigrateAsync([create with { Version = 0 }], Ct));
    }

    [Fact]
    public async Task An_unreachable_database_fails_with_store_unavailable_without_revealing_the_password()
    {
        await using var unreachable = Open(UnreachableDatabase());

        var migrate = await Assert.ThrowsAsync<StoreUnavailableException>(() => unreachable.MigrateAsync([], Ct));
        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => unreachable.Store.AppendAsync([Request(NewStream(), 0, "lost")], Ct));
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => unreachable.Store.ReadAllAsync(0, 10, Ct));
        var query = await Assert.ThrowsAsync<StoreUnavailableException>(() => unreachable.ReadModels.QueryAsync((_, _) => Task.FromResult(0), Ct));
        var lease = await Assert.ThrowsAsync<StoreUnavailableException>(() => unreachable.Outbox.LeaseAsync("node", 1, TimeSpan.FromMinutes(1), Ct));

        Assert.All([migrate, append, read, query, lease], e => Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal));
        Assert.All([migrate, append, read, query, lease], e => Assert.Contains("unavailable", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_model_queries_run_on_the_store_database_and_see_acknowledged_appends()
    {
        var stream = NewStream();
        await Store.AppendAsync([Request(stream, 0, "projected.one")], Ct);

        var count = await database.ReadModels.QueryAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM events WHERE aggregate_id = @id";
            var id = command.CreateParameter();
            id.ParameterName = "id";
            id.Value = stream.AggregateId;
            command.Parameters.Add(id);
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }, Ct);

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Read_model_queries_let_errors_other_than_an_outage_through_unchanged()
    {
        var error = await Assert.ThrowsAnyAsync<DbException>(() => database.ReadModels.QueryAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT nothing FROM no_such_table";
            return await command.ExecuteScalarAsync(ct);
        }, Ct));

        Assert.IsNotType<StoreUnavailableException>(error);
    }

    protected static StreamId NewStream(string aggregateType = "user") => new(aggregateType, Guid.NewGuid().ToString("N"));

    protected static AppendRequest Request(StreamId stream, long expectedSequence, params string[] eventTypes) =>
        new(stream, expectedSequence, "org-1", "creator-1", [.. eventTypes.Select(t => new NewEvent(t, $$"""{"type":"{{t}}"}"""))]);

    // Claim values unique per run, as the shared database outlives a single test.
    static UniqueClaim Claim(string type, string value) => new(type, $"{Guid.NewGuid():N}-{value}");

    /// <summary>The transactions in which the test projection saw the events of these appends.</summary>
    HashSet<object> TransactionsOf(IEnumerable<AppendResult> results)
    {
        // A batch rolled back to be written again with savepoints was seen by the projection too, and SQLite hands
        // out its positions again: the last transaction that applied a position is the one that committed it.
        var committedBy = new Dictionary<long, object>();
        foreach (var (transaction, events) in projection.Transactions)
        {
            foreach (var stored in events)
            {
                committedBy[stored.Position] = transaction;
            }
        }

        return results.SelectMany(r => r.Events).Select(e => committedBy[e.Position]).ToHashSet();
    }

    async Task<long> HeadAsync() => await ScalarAsync(database, "SELECT COALESCE(MAX(position), 0) FROM events");

    static async Task<List<string>> AppliedMigrationsAsync(EventStoreDatabase db)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT module, version FROM schema_migrations ORDER BY module, version";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var applied = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            applied.Add($"{reader.GetString(0)}/{reader.GetInt32(1)}");
        }

        return applied;
    }

    protected static async Task<long> ScalarAsync(EventStoreDatabase db, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await RawScalarAsync(db, sql, parameters), CultureInfo.InvariantCulture);

    protected static async Task<object?> RawScalarAsync(EventStoreDatabase db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(Ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(Ct);
    }

    protected static async Task ExecuteAsync(EventStoreDatabase db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(Ct);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(Ct);
    }

    static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
