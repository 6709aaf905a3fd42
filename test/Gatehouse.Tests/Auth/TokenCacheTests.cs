using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.Sessions;
using Gatehouse.Storage;
using Gatehouse.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Gatehouse.Kernel;
using Gatehouse.Auth;

namespace Gatehouse.Tests.Auth;

public sealed class TokenCacheTests
{
    private const long Now = 1_000_000;
    private static readonly Caller Alice = new("alice", "org", TokenKind.Session, "session-a", new Dictionary<string, string[]>());
    private static readonly Caller AliceOtherSession = Alice with { SessionId = "session-b" };
    private static readonly Caller Machine = new("machine", "org", TokenKind.PersonalAccessToken, null, new Dictionary<string, string[]>());

    private readonly TokenCache cache = new();

    [Fact]
    public void A_checked_token_is_found_until_an_event_of_its_session_is_committed()
    {
        cache.Add("hash-a", Alice, null, cache.Mark());
        cache.Add("hash-b", AliceOtherSession, null, cache.Mark());
        Assert.Same(Alice, cache.Find("hash-a", Now));

        cache.Invalidate([Stored(SessionEvents.Stream("session-a"), "session.token.set")]);

        Assert.Null(cache.Find("hash-a", Now));
        Assert.Same(AliceOtherSession, cache.Find("hash-b", Now));
    }

    [Fact]
    public void Every_token_of_a_session_goes_with_an_event_of_the_session()
    {
        // A rotated session token: both the old and the new one were in use.
        cache.Add("hash-old", Alice, null, cache.Mark());
        cache.Add("hash-new", Alice, null, cache.Mark());

        cache.Invalidate([Stored(SessionEvents.Stream("session-a"), "session.token.set")]);

        Assert.Null(cache.Find("hash-old", Now));
        Assert.Null(cache.Find("hash-new", Now));
    }

    [Fact]
    public async Task No_token_escapes_an_event_of_its_session_however_additions_and_invalidations_interleave()
    {
        var ended = SessionEvents.Stream("session-a");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var adders = Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                cache.Add($"hash-{thread}-{i}", Alice, null, cache.Mark());
            }
        }, TestContext.Current.CancellationToken));
        var invalidator = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                cache.Invalidate([Stored(ended, "session.lifetime.set")]);
            }
        }, TestContext.Current.CancellationToken);
        await Task.WhenAll([.. adders, invalidator]);

        cache.Invalidate([Stored(ended, "session.terminated")]);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Every_user_event_type_is_decided_on_whether_it_changes_what_a_token_resolves_to()
    {
        // A new user event type must be added to one list or the other, so nobody forgets the cache.
        string[] keepsAccess =
        [
            "user.human.added", "user.machine.added", "user.human.email.changed", "user.human.email.code.added",
            "user.human.email.code.sent", "user.human.email.verified", "user.human.email.verification.failed",
            "user.human.password.check.succeeded",
            "user.human.password.check.failed", "user.human.mfa.otp.email.code.added", "user.human.mfa.otp.email.code.sent",
            "user.human.mfa.otp.email.check.succeeded", "user.human.mfa.otp.email.check.failed",
            // Only Login V2 reads it, to decide when to offer the second-factor set-up again.
            "user.human.mfa.init.skipped",
            // A new token is not in the cache until it is used; the others stay as they were.
            "user.pat.added",
            // Secrets and keys are checked at the token endpoint only; the tokens they got are not cached.
            "user.machine.secret.set", "user.machine.secret.removed", "user.machine.key.added", "user.machine.key.removed",
        ];

        Assert.Equal(
            UserEvents.Codec.Names.Order(StringComparer.Ordinal),
            keepsAccess.Concat(TokenCache.UserAccessEvents).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("user.locked")]
    [InlineData("user.unlocked")]
    [InlineData("user.removed")]
    public void A_change_of_the_users_state_drops_every_token_of_the_user(string eventType)
    {
        cache.Add("hash-a", Alice, null, cache.Mark());
        cache.Add("hash-b", AliceOtherSession, null, cache.Mark());
        cache.Add("hash-m", Machine, null, cache.Mark());

        cache.Invalidate([Stored(UserEvents.Stream("alice"), eventType)]);

        Assert.Null(cache.Find("hash-a", Now));
        Assert.Null(cache.Find("hash-b", Now));
        Assert.Same(Machine, cache.Find("hash-m", Now));
    }

    [Theory]
    [InlineData("user.human.mfa.otp.email.added")]
    [InlineData("user.human.mfa.otp.email.removed")]
    public void Adding_or_removing_a_factor_drops_the_users_tokens_so_a_password_only_session_becomes_partial(string eventType)
    {
        cache.Add("hash-a", Alice, null, cache.Mark());

        cache.Invalidate([Stored(UserEvents.Stream("alice"), eventType)]);

        Assert.Null(cache.Find("hash-a", Now));
    }

    [Fact]
    public void A_new_membership_drops_the_members_tokens()
    {
        cache.Add("hash-m", Machine, null, cache.Mark());
        var added = InstanceEvents.Codec.Encode(new InstanceMemberAdded("machine", [Roles.IamOwner]));

        cache.Invalidate([Stored(new StreamId(InstanceEvents.InstanceAggregate, "instance"), added.Type, added.Payload)]);

        Assert.Null(cache.Find("hash-m", Now));
    }

    [Fact]
    public void A_token_past_its_own_or_its_sessions_expiry_is_not_found()
    {
        cache.Add("hash-a", Alice, Now, cache.Mark());

        Assert.Same(Alice, cache.Find("hash-a", Now));
        Assert.Null(cache.Find("hash-a", Now + 1));
    }

    [Fact]
    public void A_lookup_that_read_the_database_before_an_invalidation_of_its_session_is_not_kept()
    {
        var mark = cache.Mark();
        cache.Invalidate([Stored(SessionEvents.Stream("session-a"), "session.terminated")]);

        cache.Add("hash-a", Alice, null, mark);
        cache.Add("hash-m", Machine, null, mark);

        Assert.Null(cache.Find("hash-a", Now));
        Assert.Same(Machine, cache.Find("hash-m", Now));
    }

    [Fact]
    public void A_lookup_that_read_before_the_cache_was_cleared_is_not_kept()
    {
        var mark = cache.Mark();
        cache.Clear();

        cache.Add("hash-m", Machine, null, mark);

        Assert.Null(cache.Find("hash-m", Now));
    }

    [Fact]
    public async Task A_session_ended_through_another_node_stops_working_here_once_the_follower_has_seen_it()
    {
        var folder = Directory.CreateTempSubdirectory("gatehouse-token-cache-");
        try
        {
            var options = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder.FullName, "g.db")}" };
            await using var here = new EventStoreDatabase(options, [], TimeProvider.System);
            await using var elsewhere = new EventStoreDatabase(options, [], TimeProvider.System);
            await here.MigrateAsync([], TestContext.Current.CancellationToken);
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var readiness = new DatabaseReadiness();
            readiness.MarkReady();
            using var follower = new TokenCacheFollower(here, cache, readiness, clock, NullLogger<TokenCacheFollower>.Instance);
            await follower.StartAsync(TestContext.Current.CancellationToken);
            // The follower clears the cache when it starts (which counts as an invalidation); add the token after.
            await WaitUntilAsync(() => clock.Advance(TokenCacheFollower.Interval), () => cache.Mark() > 0);
            cache.Add("hash-a", Alice, null, cache.Mark());
            await elsewhere.Store.AppendAsync([new AppendRequest(UserEvents.Stream("alice"), 0, "org", "admin",
                [UserEvents.Codec.Encode(new OtpEmailCodeSent())])], TestContext.Current.CancellationToken);
            for (var i = 0; i < 3; i++)
            {
                clock.Advance(TokenCacheFollower.Interval);
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.Same(Alice, cache.Find("hash-a", Now));

            await elsewhere.Store.AppendAsync([new AppendRequest(SessionEvents.Stream("session-a"), 0, "org", "login-client",
                [SessionEvents.Codec.Encode(new SessionTerminated())])], TestContext.Current.CancellationToken);

            await WaitUntilAsync(() => clock.Advance(TokenCacheFollower.Interval), () => cache.Find("hash-a", Now) is null);
            await follower.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Action tick, Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            tick();
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    private static StoredEvent Stored(StreamId stream, string type, string? payload = null) =>
        new(1, stream, 1, type, payload, DateTimeOffset.UnixEpoch, "org", "creator");
}
