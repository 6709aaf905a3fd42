namespace Gatehouse.EventStore;

/// <summary>
/// Events for one stream, appended only if the stream's last sequence is still <paramref name="ExpectedSequence"/>
/// (0 for a stream that must not exist yet). The resource owner of a new stream is fixed by its first append;
/// later appends keep the stored one and ignore <paramref name="ResourceOwner"/>.
/// <see cref="Releases"/> are applied before <see cref="Claims"/>; releasing a claim the aggregate does not hold
/// does nothing.
/// </summary>
public sealed record AppendRequest(
    StreamId Stream,
    long ExpectedSequence,
    string ResourceOwner,
    string Creator,
    IReadOnlyList<NewEvent> Events)
{
    public IReadOnlyList<UniqueClaim> Claims { get; init; } = [];
    public IReadOnlyList<UniqueClaim> Releases { get; init; } = [];

    /// <summary>Outbox messages enqueued with these events (see <see cref="IOutbox"/>).</summary>
    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];

    /// <summary>Outbox messages finished by these events (e.g. the "sent" event of a delivered mail).</summary>
    public IReadOnlyList<string> OutboxDone { get; init; } = [];
}
