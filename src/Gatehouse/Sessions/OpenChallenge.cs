namespace Gatehouse.Sessions;

/// <summary>An issued one-time code: a key naming this challenge (session id and sequence), the code's hash, its end.</summary>
internal sealed record OpenChallenge(string Key, string CodeHash, DateTimeOffset ExpiresAt);
