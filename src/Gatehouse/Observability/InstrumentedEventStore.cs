using System.Diagnostics;
using Gatehouse.EventStore;

namespace Gatehouse.Observability;

/// <summary>
/// The event store as the application sees it: every append and read becomes a span (the database part of a trace),
/// and every committed event is counted by type. The store itself stays free of telemetry.
/// </summary>
internal sealed class InstrumentedEventStore(IEventStore inner, StoreProvider provider) : IEventStore
{
    private readonly string system = provider == StoreProvider.Postgres ? "postgresql" : "sqlite";

    public async Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken = default)
    {
        using var activity = Start("eventstore append");
        activity?.SetTag("gatehouse.streams", requests.Count);
        try
        {
            var result = await inner.AppendAsync(requests, cancellationToken);
            foreach (var stored in result.Events)
            {
                GatehouseTelemetry.EventAppended(stored.Type);
            }

            activity?.SetTag("gatehouse.events", result.Events.Count);
            return result;
        }
        catch (Exception e)
        {
            Failed(activity, e);
            throw;
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        using var activity = Start("eventstore read stream");
        activity?.SetTag("gatehouse.aggregate_type", stream.AggregateType);
        try
        {
            return await inner.ReadStreamAsync(stream, afterSequence, cancellationToken);
        }
        catch (Exception e)
        {
            Failed(activity, e);
            throw;
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        using var activity = Start("eventstore read all");
        try
        {
            return await inner.ReadAllAsync(afterPosition, maxCount, cancellationToken);
        }
        catch (Exception e)
        {
            Failed(activity, e);
            throw;
        }
    }

    public async Task<string?> FindClaimOwnerAsync(UniqueClaim claim, CancellationToken cancellationToken = default)
    {
        using var activity = Start("eventstore find claim");
        activity?.SetTag("gatehouse.claim_type", claim.ClaimType);
        try
        {
            return await inner.FindClaimOwnerAsync(claim, cancellationToken);
        }
        catch (Exception e)
        {
            Failed(activity, e);
            throw;
        }
    }

    private Activity? Start(string name)
    {
        var activity = GatehouseTelemetry.Source.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        return activity;
    }

    // The exception type only: messages of database errors can quote values.
    private static void Failed(Activity? activity, Exception e) =>
        activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
}
