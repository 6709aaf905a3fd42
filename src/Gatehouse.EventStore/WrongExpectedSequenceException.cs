namespace Gatehouse.EventStore;

/// <summary>
/// Another writer appended to the stream since it was read (optimistic concurrency). Nothing of the append was
/// written; the caller re-reads the stream and decides again.
/// </summary>
public sealed class WrongExpectedSequenceException(StreamId stream, long expected, long actual)
    : Exception($"Stream {stream} is at sequence {actual}, expected {expected}.")
{
    public StreamId Stream { get; } = stream;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;

    /// <summary>Found by reading the stream's head before the append wrote anything in its transaction.</summary>
    internal bool BeforeAnyWrite { get; init; }
}
