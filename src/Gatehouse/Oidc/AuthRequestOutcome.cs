namespace Gatehouse.Oidc;

/// <summary>What the login decided for a request: a session to sign in with, or an error for the application.</summary>
internal sealed record AuthRequestOutcome(string? SessionId, string? Error, string? ErrorDescription);
