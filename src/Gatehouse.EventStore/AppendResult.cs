namespace Gatehouse.EventStore;

/// <summary>What one atomic append wrote: the stored events, in the order they were given.</summary>
public sealed record AppendResult(IReadOnlyList<StoredEvent> Events)
{
    /// <summary>The last event written to <paramref name="stream"/> by this append.</summary>
    public StoredEvent LastOf(StreamId stream) => Events.Last(e => e.Stream == stream);
}
