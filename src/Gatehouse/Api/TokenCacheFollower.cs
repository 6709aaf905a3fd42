using Gatehouse.EventStore;

namespace Gatehouse.Api;

/// <summary>
/// Follows the event log for writes this process did not make (other nodes on the same PostgreSQL database, an
/// admin command on the same SQLite file) and shows them to the token cache, so a session terminated elsewhere stops
/// working here within <see cref="Interval"/>. This process's own writes reach the cache directly and are only seen
/// a second time here, which does no harm.
/// </summary>
internal sealed class TokenCacheFollower(EventStoreDatabase database, TokenCache tokens, TimeProvider time, ILogger<TokenCacheFollower> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const int Page = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? checkpoint = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (checkpoint is null)
                {
                    // The cache starts empty: nothing before this point can be stale in it. After an outage the
                    // follower cannot tell what it missed, so it starts over with an empty cache.
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
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException e)
            {
                logger.LogWarning("Token cache cannot follow the log, database unavailable: {Reason}", e.Message);
                checkpoint = null;
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
