using Gatehouse.Domain;
using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>All that adding and removing an application decides on: whether it exists.</summary>
internal sealed record OidcAppState
{
    public AggregateVersion Version { get; init; }

    public bool Exists { get; init; }

    public static OidcAppState From(IEnumerable<StoredEvent> stream) =>
        stream.Aggregate(new OidcAppState(), (state, stored) => (OidcAppEvents.Codec.Decode(stored) switch
        {
            OidcAppAdded => state with { Exists = true },
            OidcAppRemoved => state with { Exists = false },
            _ => state,
        }) with { Version = state.Version.After(stored) });
}
