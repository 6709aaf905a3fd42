using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>What every write model tracks besides its own facts: where the stream stands, for details and concurrency.</summary>
internal readonly record struct AggregateVersion(long Sequence, string ResourceOwner, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt)
{
    public static AggregateVersion None => default;

    public bool Exists => Sequence > 0;

    public AggregateVersion After(StoredEvent e) =>
        new(e.Sequence, e.ResourceOwner, Exists ? CreatedAt : e.CreatedAt, e.CreatedAt);
}
