using Gatehouse.EventStore;

namespace Gatehouse.Observability;

/// <summary>
/// Reads the outbox depth every few seconds for the email queue gauges. Runs only when metrics are exported: it costs
/// a query, and without an exporter nobody reads the values.
/// </summary>
internal sealed class OutboxDepthSampler(IOutbox outbox, TimeProvider time, ILogger<OutboxDepthSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var (count, oldest) = await outbox.DepthAsync(stoppingToken);
                GatehouseTelemetry.EmailQueueSampled(count, oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero);
            }
            catch (StoreUnavailableException e)
            {
                logger.LogDebug("Email queue depth not sampled, database unavailable: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
