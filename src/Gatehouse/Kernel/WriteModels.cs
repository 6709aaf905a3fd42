using System.Collections.Concurrent;
using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// Write models kept from one command to the next. Every load still asks the log for the events after the version
/// it holds, so a decision is always taken on the current state, also when another node or process wrote in
/// between; what it saves is reading and decoding the whole history each time (a user's stream grows with every
/// factor change and every sign-in, so without this a command costs more the longer the user has existed).
/// States are immutable records, so one instance can serve concurrent commands.
/// </summary>
internal sealed class WriteModels(IEventStore store)
{
    /// <summary>Streams kept per kind of aggregate; past it the kind starts over (a bound on memory, not an LRU).</summary>
    public const int CapacityPerAggregate = 16_384;

    private readonly ConcurrentDictionary<object, ConcurrentDictionary<string, Known>> byAggregate = new();
    private readonly ConcurrentDictionary<StreamId, StreamHead> heads = new();

    public async Task<TState> LoadAsync<TState, TEvent>(Aggregate<TState, TEvent> aggregate, string id, CancellationToken ct)
        where TState : class
        where TEvent : class
    {
        var states = StatesOf(aggregate);
        var known = states.TryGetValue(id, out var cached) ? (TState)cached.State : aggregate.Initial;
        var newer = await store.ReadStreamAsync(new StreamId(aggregate.Type, id), aggregate.VersionOf(known).Sequence, ct);
        if (newer.Count == 0)
        {
            // Nothing to remember for a stream that does not exist (ids from requests must not fill the cache).
            return known;
        }

        var state = aggregate.Fold(known, newer);
        Remember(states, id, state, aggregate.VersionOf(state).Sequence);
        return state;
    }

    /// <summary>The state after an append that was decided on <paramref name="before"/>, remembered for the next command.</summary>
    public TState Advance<TState, TEvent>(Aggregate<TState, TEvent> aggregate, string id, TState before, AppendResult appended)
        where TState : class
        where TEvent : class
    {
        var stream = new StreamId(aggregate.Type, id);
        var state = aggregate.Fold(before, appended.Events.Where(e => e.Stream == stream));
        Remember(StatesOf(aggregate), id, state, aggregate.VersionOf(state).Sequence);
        return state;
    }

    /// <summary>Where a stream of any kind stands (its last sequence and owner), for appends that need nothing else.</summary>
    public async Task<StreamHead> LoadHeadAsync(StreamId stream, CancellationToken ct)
    {
        var known = heads.TryGetValue(stream, out var cached) ? cached : new StreamHead(0, null);
        var newer = await store.ReadStreamAsync(stream, known.Sequence, ct);
        if (newer.Count == 0)
        {
            return known;
        }

        var head = new StreamHead(newer[^1].Sequence, newer[^1].ResourceOwner);
        if (heads.Count >= CapacityPerAggregate && !heads.ContainsKey(stream))
        {
            heads.Clear();
        }

        heads.AddOrUpdate(stream, head, (_, current) => current.Sequence >= head.Sequence ? current : head);
        return head;
    }

    private ConcurrentDictionary<string, Known> StatesOf(object aggregate) =>
        byAggregate.GetOrAdd(aggregate, static _ => new ConcurrentDictionary<string, Known>(StringComparer.Ordinal));

    private static void Remember(ConcurrentDictionary<string, Known> states, string id, object state, long sequence)
    {
        if (states.Count >= CapacityPerAggregate && !states.ContainsKey(id))
        {
            states.Clear();
        }

        var known = new Known(state, sequence);
        // Two commands may finish out of order; keep the newer state (an older one would only cost a longer read).
        states.AddOrUpdate(id, known, (_, current) => current.Sequence >= sequence ? current : known);
    }

    private sealed record Known(object State, long Sequence);
}
