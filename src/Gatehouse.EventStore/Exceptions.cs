namespace Gatehouse.EventStore;

/// <summary>Another writer appended to the stream since it was read (optimistic concurrency).</summary>
public sealed class WrongExpectedSequenceException(StreamId stream, long expected, long actual)
    : Exception($"Stream {stream} is at sequence {actual}, expected {expected}.")
{
    public StreamId Stream { get; } = stream;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

/// <summary>A unique claim is already held by another aggregate.</summary>
public sealed class UniqueClaimTakenException(UniqueClaim claim)
    : Exception($"The {claim.ClaimType} claim is already taken.")
{
    public UniqueClaim Claim { get; } = claim;
}

/// <summary>The database cannot be reached or did not answer in time; nothing was written.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
