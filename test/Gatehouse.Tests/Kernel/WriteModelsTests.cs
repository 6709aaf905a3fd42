using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.Tests.Kernel;

public sealed class WriteModelsTests
{
    private readonly FakeLog log = new();

    [Fact]
    public async Task A_second_load_reads_only_the_events_after_the_version_it_holds()
    {
        log.Append("alice", new HumanAdded("alice", "A", "D", null, "A D", null, 0, "a@example.com", null, false), new EmailVerified());
        var models = new WriteModels(log);
        await models.LoadAsync(UserEvents.Aggregate, "alice", TestContext.Current.CancellationToken);

        log.Append("alice", new UserLocked());
        var state = await models.LoadAsync(UserEvents.Aggregate, "alice", TestContext.Current.CancellationToken);

        Assert.Equal([0L, 2L], log.ReadsAfter);
        Assert.True(state.Locked);
        Assert.Equal(UserEvents.Aggregate.Fold(log.Events), state);
    }

    [Fact]
    public async Task The_state_after_an_append_is_the_fold_of_the_whole_stream()
    {
        log.Append("alice", new HumanAdded("alice", "A", "D", null, "A D", null, 0, "a@example.com", null, false), new EmailVerified());
        var models = new WriteModels(log);
        var before = await models.LoadAsync(UserEvents.Aggregate, "alice", TestContext.Current.CancellationToken);

        var appended = log.Append("alice", new OtpEmailAdded(), new OtpEmailRemoved(), new OtpEmailAdded());
        var after = models.Advance(UserEvents.Aggregate, "alice", before, appended);

        Assert.Equal(UserEvents.Aggregate.Fold(log.Events), after);
        Assert.Equal(after, await models.LoadAsync(UserEvents.Aggregate, "alice", TestContext.Current.CancellationToken));
        Assert.Equal([0L, 5L], log.ReadsAfter);
    }

    [Fact]
    public async Task An_unknown_stream_is_not_remembered()
    {
        var models = new WriteModels(log);

        await models.LoadAsync(UserEvents.Aggregate, "nobody", TestContext.Current.CancellationToken);
        await models.LoadAsync(UserEvents.Aggregate, "nobody", TestContext.Current.CancellationToken);

        Assert.Equal([0L, 0L], log.ReadsAfter);
    }

    /// <summary>One user stream in memory, recording where each read started.</summary>
    private sealed class FakeLog : IEventStore
    {
        public List<StoredEvent> Events { get; } = [];

        public List<long> ReadsAfter { get; } = [];

        public AppendResult Append(string userId, params UserEvent[] events)
        {
            var stored = new List<StoredEvent>();
            foreach (var e in events)
            {
                var encoded = UserEvents.Codec.Encode(e);
                stored.Add(new StoredEvent(Events.Count + 1, UserEvents.Stream(userId), Events.Count + 1, encoded.Type, encoded.Payload,
                    DateTimeOffset.UnixEpoch.AddSeconds(Events.Count), "org", userId));
                Events.Add(stored[^1]);
            }

            return new AppendResult(stored);
        }

        public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long afterSequence = 0, CancellationToken cancellationToken = default)
        {
            ReadsAfter.Add(afterSequence);
            return Task.FromResult<IReadOnlyList<StoredEvent>>([.. Events.Where(e => e.Stream == stream && e.Sequence > afterSequence)]);
        }

        public Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<string?> FindClaimOwnerAsync(UniqueClaim claim, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
