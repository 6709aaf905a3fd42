namespace Gatehouse.EventStore;

/// <summary>
/// Work that must happen after a commit (sending a mail), enqueued atomically with the events that call for it:
/// if the append commits the message exists, if it rolls back it never did. <see cref="Id"/> is stable (derived from
/// the causing event), so enqueueing twice is harmless. <see cref="Payload"/> is opaque to the store.
/// </summary>
public sealed record OutboxMessage(string Id, string Payload, DateTimeOffset? NotAfter);
