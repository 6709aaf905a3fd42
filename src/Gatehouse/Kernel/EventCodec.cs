using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// The one table between an aggregate's C# events and their wire names (ZITADEL's type strings) and JSON payloads.
/// Registration is explicit, one line per event; payload serialization uses source-generated metadata, so there is
/// no reflection at run time. Stored events of unknown types decode to null and are skipped by folds.
/// </summary>
internal sealed class EventCodec<TEvent>
    where TEvent : class
{
    private readonly Dictionary<Type, (string Name, Func<TEvent, string?> Write)> byType = [];
    private readonly Dictionary<string, Func<string?, TEvent>> byName = new(StringComparer.Ordinal);

    /// <summary>An event with a JSON payload.</summary>
    public EventCodec<TEvent> Add<T>(string name, JsonTypeInfo<T> json)
        where T : TEvent
    {
        byType.Add(typeof(T), (name, e => JsonSerializer.Serialize((T)e, json)));
        byName.Add(name, payload => JsonSerializer.Deserialize(payload ?? "{}", json)
            ?? throw new InvalidOperationException($"Event {name} has an empty payload."));
        return this;
    }

    /// <summary>An event without payload (ZITADEL writes none for e.g. <c>user.human.mfa.otp.email.added</c>).</summary>
    public EventCodec<TEvent> Add<T>(string name, T instance)
        where T : TEvent
    {
        byType.Add(typeof(T), (name, _ => null));
        byName.Add(name, _ => instance);
        return this;
    }

    /// <summary>Every event type this codec knows, by its stored name.</summary>
    public IEnumerable<string> Names => byName.Keys;

    public NewEvent Encode(TEvent @event)
    {
        var (name, write) = byType[@event.GetType()];
        return new NewEvent(name, write(@event));
    }

    public string NameOf(TEvent @event) => byType[@event.GetType()].Name;

    public TEvent? Decode(StoredEvent stored) =>
        byName.TryGetValue(stored.Type, out var read) ? read(stored.Payload) : null;
}
