namespace Gatehouse.EventStore;

/// <summary>
/// An event as stored. <see cref="Position"/> orders all events of the store (commit order);
/// <see cref="Sequence"/> counts per aggregate from 1. Events appended together share <see cref="CreatedAt"/>,
/// as in ZITADEL where the creation time is the transaction's time.
/// </summary>
public sealed record StoredEvent(
    long Position,
    StreamId Stream,
    long Sequence,
    string Type,
    string? Payload,
    DateTimeOffset CreatedAt,
    string ResourceOwner,
    string Creator);
