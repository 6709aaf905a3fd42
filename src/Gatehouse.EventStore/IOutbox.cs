namespace Gatehouse.EventStore;

/// <summary>
/// The transactional outbox. Workers lease due messages; a lease makes a message invisible to other workers (on this
/// node or others) until it runs out, so a worker that dies mid-delivery is replaced without manual steps. A message
/// is finished by <see cref="RemoveAsync"/> or, atomically with the event that records the delivery, through
/// <see cref="AppendRequest.OutboxDone"/>.
/// </summary>
public interface IOutbox
{
    /// <summary>Leases up to <paramref name="maxCount"/> due messages to <paramref name="owner"/> (a node's stable id).</summary>
    Task<IReadOnlyList<LeasedOutboxMessage>> LeaseAsync(string owner, int maxCount, TimeSpan leaseFor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives back every lease <paramref name="owner"/> holds: a node calls it when it starts, so messages it had leased
    /// before a crash go out at once instead of after the lease runs out.
    /// </summary>
    Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Gives a message back after a failed try, not to be retried before <paramref name="notBefore"/>.</summary>
    Task RescheduleAsync(string id, DateTimeOffset notBefore, string failure, CancellationToken cancellationToken = default);

    Task RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>How many messages wait, and when the oldest was enqueued (for metrics and readiness).</summary>
    Task<(int Count, DateTimeOffset? Oldest)> DepthAsync(CancellationToken cancellationToken = default);
}
