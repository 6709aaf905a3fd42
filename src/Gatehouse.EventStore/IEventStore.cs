namespace Gatehouse.EventStore;

public interface IEventStore
{
    /// <summary>
    /// Appends events to one or more streams in one transaction: all or nothing. Inline projections run in the same
    /// transaction. Throws <see cref="WrongExpectedSequenceException"/>, <see cref="UniqueClaimTakenException"/> or
    /// <see cref="StoreUnavailableException"/>; an exception from a projection fails the append as well.
    /// </summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>The events of one stream with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// At most <paramref name="maxCount"/> events of all streams with a position above <paramref name="afterPosition"/>,
    /// in commit order. Positions only ever grow with commits, so the last position read is a safe checkpoint:
    /// no event can later appear below it. Positions may have gaps.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The aggregate id holding a claim, or null.</summary>
    Task<string?> FindClaimOwnerAsync(UniqueClaim claim, CancellationToken cancellationToken = default);
}
