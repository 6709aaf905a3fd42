namespace Gatehouse.Oidc;

/// <summary>Where a stored authorization request stands: waiting for the login, ended by it, or replayed.</summary>
internal enum AuthRequestState
{
    /// <summary>Waiting for the login's CreateCallback.</summary>
    Added = 0,

    /// <summary>A session was linked; the callback URL (a one-time resume URL) is out.</summary>
    Linked = 1,

    /// <summary>The login ended it with an error; the callback URL carries the error to the application.</summary>
    Failed = 2,

    /// <summary>The resume URL was used: the application got its code or error. Nothing more happens.</summary>
    Done = 3,
}

/// <summary>
/// An authorization request OpenIddict validated and the external login is to finish: what GetAuthRequest answers,
/// plus the request's own parameters (<see cref="Parameters"/>, canonical query string) that the resume replays.
/// </summary>
internal sealed record AuthRequest(
    string Id,
    string ClientId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Prompts,
    IReadOnlyList<string> UiLocales,
    string? LoginHint,
    long? MaxAge,
    string? AcrValues,
    string Parameters,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    AuthRequestState State)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;
}
