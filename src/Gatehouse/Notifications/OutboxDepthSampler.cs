using Gatehouse.EventStore;
using Gatehouse.Observability;

namespace Gatehouse.Notifications;

/// <summary>
/// Reads the outbox depth every few seconds for the email queue gauges. Runs only when metrics are exported: it costs
/// a query, and without an exporter nobody reads the values.
/// </summary>
internal sealed class OutboxDepthSampler(IOutbox outbox, TelemetrySettings telemetry, TimeProvider time, ILogger<OutboxDepthSampler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!telemetry.MetricsExported)
        {
            return;
        }

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
