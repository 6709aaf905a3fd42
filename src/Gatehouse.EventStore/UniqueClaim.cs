namespace Gatehouse.EventStore;

/// <summary>
/// A value that at most one aggregate may hold at a time (a login name, a token hash).
/// Claims are taken and released in the same transaction as the events that justify them.
/// </summary>
public sealed record UniqueClaim(string ClaimType, string Value);
