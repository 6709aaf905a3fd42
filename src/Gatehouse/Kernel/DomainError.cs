namespace Gatehouse.Kernel;

/// <summary>
/// An expected failure of a command or query, as ZITADEL reports it: a kind, an id such as <c>COMMAND-KLJ2d</c>
/// and an i18n key that is translated at the edge. <see cref="Literal"/> marks texts that ZITADEL never translates;
/// <see cref="Translate"/> is false for authorization-step errors, which keep their raw key (docs/zitadel-wire.md §3.5).
/// </summary>
internal sealed record DomainError(ErrorKind Kind, string Id, string Key)
{
    public bool Literal { get; init; }
    public bool Translate { get; init; } = true;

    /// <summary>Set on password-check failures, which carry a CredentialsCheckError instead of an ErrorDetail.</summary>
    public int? FailedAttempts { get; init; }

    /// <summary>Extra text appended to the message (e.g. when to retry); never a secret.</summary>
    public string? Hint { get; init; }

    /// <summary>How long the caller should wait before retrying (throttling).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DomainError LiteralText(ErrorKind kind, string id, string text) => new(kind, id, text) { Literal = true };
}
