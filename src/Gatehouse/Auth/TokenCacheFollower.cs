using Gatehouse.EventStore;
using Gatehouse.Storage;
using Gatehouse.Auth;

namespace Gatehouse.Auth;

/// <summary>
/// Follows the event log for writes this process did not make (other nodes on the same PostgreSQL database, an
/// admin command on the same SQLite file) and shows them to the token cache, so a session ended elsewhere stops
/// working here within <see cref="Interval"/>. This process's own writes reach the cache directly and are seen a
/// second time here, which does no harm. Positions become visible in order on both backends (the event store
/// serializes appends), so the last position read is a safe checkpoint.
/// </summary>
internal sealed class TokenCacheFollower(
    EventStoreDatabase database, TokenCache tokens, DatabaseReadiness readiness, TimeProvider time, ILogger<TokenCacheFollower> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const int Page = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? checkpoint = null;
        var unavailable = false;
        try
        {
            // The events table may not exist before the first migration.
            await readiness.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (checkpoint is null)
                    {
                        // Nothing before the head can be stale in an empty cache. After an outage the follower cannot
                        // tell what it missed, so it starts over with an empty cache.
                        var head = await database.ReadHeadPositionAsync(stoppingToken);
                        tokens.Clear();
                        checkpoint = head;
                    }

                    IReadOnlyList<StoredEvent> page;
                    do
                    {
                        page = await database.Store.ReadAllAsync(checkpoint.Value, Page, stoppingToken);
                        if (page.Count > 0)
                        {
                            tokens.Invalidate(page);
                            checkpoint = page[^1].Position;
                        }
                    }
                    while (page.Count == Page);

                    if (unavailable)
                    {
                        logger.LogInformation("Token cache follows the log again.");
                        unavailable = false;
                    }
                }
                catch (StoreUnavailableException e)
                {
                    // Tokens checked while the log cannot be followed could outlive a change made elsewhere.
                    tokens.Clear();
                    checkpoint = null;
                    if (!unavailable)
                    {
                        logger.LogWarning("Token cache cannot follow the log, database unavailable: {Reason}", e.Message);
                        unavailable = true;
                    }
                }

                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
