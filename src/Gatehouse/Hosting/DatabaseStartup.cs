using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Storage;

namespace Gatehouse.Hosting;

/// <summary>
/// Migrates the schema and runs every module's set-up (the first instance, the signing keys) when the server starts. A database that cannot be reached
/// does not stop the process: it serves Unavailable (and <c>/debug/ready</c> says 503) while this retries in the
/// background with backoff, and becomes ready when the database appears — so an orchestrator that starts the
/// database and Gatehouse together needs no ordering, and a node does not crash-loop through an outage. Any other
/// failure (a schema newer than this binary, a broken migration) stops the process: retrying cannot fix it.
/// </summary>
internal sealed class DatabaseStartup(
    EventStoreDatabase database,
    GatehouseConfiguration configuration,
    IServiceProvider services,
    DatabaseReadiness readiness,
    Readiness probes,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DatabaseStartup> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource stopping = new();
    private Task retrying = Task.CompletedTask;

    /// <summary>Brings the schema up to date, the store's and the read models'; what <c>gatehouse migrate</c> runs.</summary>
    public static Task MigrateAsync(EventStoreDatabase database, ReadModelSchema schema, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(schema);
        return database.MigrateAsync(schema.Migrations, ct);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first try is part of starting, so a healthy start is ready before the first request and a fatal
        // error fails the start itself.
        try
        {
            await SetUpAsync(cancellationToken);
            return;
        }
        catch (StoreUnavailableException e)
        {
            logger.LogWarning("Database unavailable at start, answering Unavailable and retrying in the background: {Reason}", e.Message);
        }

        retrying = RetryAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await retrying.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stopping.Dispose();

    private async Task SetUpAsync(CancellationToken ct)
    {
        await MigrateAsync(database, configuration.ReadModels, ct);
        // In module order: the first instance before the OIDC signing keys.
        foreach (var module in configuration.Modules)
        {
            await module.SetUpAsync(services, configuration.Host, ct);
        }

        // Ready only once everything is set up: a probe saying 200 means the first tokens exist and calls succeed.
        probes.MigrationsApplied();
        readiness.MarkReady();
    }

    private async Task RetryAsync(CancellationToken ct)
    {
        var delay = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, ct);
                await SetUpAsync(ct);
                logger.LogInformation("Database available, schema up to date: ready.");
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException e)
            {
                delay = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, delay.Ticks * 2));
                logger.LogWarning("Database still unavailable, next try in {Delay}: {Reason}", delay, e.Message);
            }
            catch (Exception e)
            {
                logger.LogCritical(e, "Setting up the database failed; stopping.");
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
        }
    }
}
