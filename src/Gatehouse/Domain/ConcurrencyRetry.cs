namespace Gatehouse.Domain;

/// <summary>
/// How often a command is decided again after another writer changed its stream first. Every retry reads fresh
/// state, so it is always safe; the short random pause spreads out writers that collide on one hot stream (many
/// guesses on one session), so each of them gets through within the attempts.
/// </summary>
internal static class ConcurrencyRetry
{
    public const int MaxAttempts = 25;

    public static Task PauseAsync(int attempt, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, Math.Min(2 * attempt, 20) + 1)), ct);

    /// <summary>What the caller hears if the stream stayed contended through every attempt: retry later.</summary>
    public static readonly DomainError Contended = DomainError.LiteralText(ErrorKind.Unavailable, "",
        "the resource is being changed by other requests; retry");
}
