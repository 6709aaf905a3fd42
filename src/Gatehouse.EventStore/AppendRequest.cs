namespace Gatehouse.EventStore;

/// <summary>
/// Events for one stream, appended only if the stream's last sequence is still <paramref name="ExpectedSequence"/>
/// (0 for a stream that must not exist yet). The resource owner of a new stream is fixed by its first append;
/// later appends keep the stored one.
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
}
