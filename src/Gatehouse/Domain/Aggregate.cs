using Gatehouse.EventStore;

namespace Gatehouse.Domain;

/// <summary>How a kind of aggregate is read and written: its codec, its fold and its version.</summary>
internal sealed record Aggregate<TState, TEvent>(
    string Type,
    EventCodec<TEvent> Codec,
    Func<IEnumerable<StoredEvent>, TState> Fold,
    Func<TState, AggregateVersion> VersionOf)
    where TEvent : class;
