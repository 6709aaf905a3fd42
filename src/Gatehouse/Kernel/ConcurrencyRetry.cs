using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// The one loop for a write that lost an optimistic-concurrency race: re-read, decide again, append. Writers that
/// collided first wait a random moment from a window that doubles with every lost race ("full jitter"), so a burst of
/// writes to one aggregate — from several nodes, or several tabs of one user — spreads out until each gets its turn,
/// instead of colliding again and again until the attempts run out.
/// </summary>
internal static class ConcurrencyRetry
{
    // Each lost race has a winner, so N writers colliding on one aggregate need up to N attempts.
    public const int MaxAttempts = 25;

    private static readonly TimeSpan FirstWindow = TimeSpan.FromMilliseconds(4);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Runs <paramref name="attempt"/> — which must read afresh what it decides on — until its append does not lose,
    /// at most <see cref="MaxAttempts"/> times; the last lost race escapes as <see cref="WrongExpectedSequenceException"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var failed = 0; ; failed++)
        {
            try
            {
                return await attempt(ct);
            }
            catch (WrongExpectedSequenceException) when (failed + 1 < MaxAttempts)
            {
                await BackoffAsync(failed + 1, time, ct);
            }
        }
    }

    /// <summary>Waits before attempt <paramref name="failedAttempt"/> + 1: a random time up to 4, 8, 16, … ms, at most 500.</summary>
    private static Task BackoffAsync(int failedAttempt, TimeProvider time, CancellationToken ct)
    {
        var window = Math.Min(MaxWindow.TotalMilliseconds, FirstWindow.TotalMilliseconds * Math.Pow(2, failedAttempt - 1));
        // Only when the next attempt runs is random, never what it decides, so outcomes stay deterministic.
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * window), time, ct);
    }
}
