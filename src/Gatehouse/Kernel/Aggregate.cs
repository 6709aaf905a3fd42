using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// How a kind of aggregate is read and written: its codec, its fold (an initial state and how one stored event
/// changes it) and its version.
/// </summary>
internal sealed record Aggregate<TState, TEvent>(
    string Type,
    EventCodec<TEvent> Codec,
    TState Initial,
    Func<TState, StoredEvent, TState> Apply,
    Func<TState, AggregateVersion> VersionOf)
    where TEvent : class
{
    public TState Fold(IEnumerable<StoredEvent> events) => Fold(Initial, events);

    public TState Fold(TState state, IEnumerable<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            state = Apply(state, stored);
        }

        return state;
    }
}
