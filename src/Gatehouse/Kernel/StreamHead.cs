namespace Gatehouse.Kernel;

/// <summary>The last sequence of a stream (0 when it is empty) and its resource owner.</summary>
internal sealed record StreamHead(long Sequence, string? ResourceOwner);
