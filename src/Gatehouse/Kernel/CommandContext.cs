namespace Gatehouse.Kernel;

/// <summary>Who writes (the event's creator) and which organization a new aggregate will belong to.</summary>
internal sealed record CommandContext(string Creator, string ResourceOwner);
