using Gatehouse.EventStore;
using System.Data.Common;
using Gatehouse.Notifications;

namespace Gatehouse.Hosting;

/// <summary>
/// ZITADEL's probes. <c>/debug/healthz</c>: the process is up. <c>/debug/ready</c>: this node can serve — the
/// database answers, the schema is migrated and the email outbox worker runs; otherwise 503 with the reason, so a
/// load balancer takes the node out until it recovers. A stopping node reports itself not ready at once.
/// </summary>
internal sealed class Readiness(IReadModels database, OutboxWorker outboxWorker, IHostApplicationLifetime lifetime, ILogger<Readiness> logger)
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(2);

    private volatile bool migrated;

    public void MigrationsApplied() => migrated = true;

    /// <summary>Null when ready, else a short reason for the operator.</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "shutting down";
        }

        if (!migrated)
        {
            return "database migrations not applied";
        }

        if (outboxWorker.ExecuteTask is not { IsCompleted: false })
        {
            return "email outbox worker not running";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DatabaseTimeout);
        try
        {
            // The migrations table, not just SELECT 1: a database that was swapped or emptied under us is not ready.
            await database.QueryAsync("SELECT COUNT(*) FROM schema_migrations", r => r.GetInt64(0), timeout.Token);
            return null;
        }
        catch (Exception e) when (e is DbException or StoreUnavailableException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Readiness check: database unreachable: {Error}", e.GetType().Name);
            return "database unreachable";
        }
    }

    public static WebApplication MapHealthEndpoints(WebApplication app)
    {
        app.MapGet("/debug/healthz", () => Results.Text("ok"));
        app.MapGet("/debug/ready", async (Readiness readiness, CancellationToken ct) =>
            await readiness.ProblemAsync(ct) is { } problem
                ? Results.Text($"not ready: {problem}", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ok"));
        return app;
    }
}
