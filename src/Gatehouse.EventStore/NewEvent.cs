namespace Gatehouse.EventStore;

/// <summary>An event about to be appended. <paramref name="Payload"/> is JSON or null for events without data.</summary>
public sealed record NewEvent(string Type, string? Payload = null);
