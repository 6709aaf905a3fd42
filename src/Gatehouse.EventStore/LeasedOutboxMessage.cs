namespace Gatehouse.EventStore;

/// <summary>An outbox message handed to one worker until its lease runs out; <see cref="Attempts"/> counts failed tries.</summary>
public sealed record LeasedOutboxMessage(string Id, string Payload, DateTimeOffset EnqueuedAt, DateTimeOffset? NotAfter, int Attempts);
