using Gatehouse.Kernel;
using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>All that adding and removing an application decides on: whether it exists.</summary>
internal sealed record OidcAppState
{
    public AggregateVersion Version { get; init; }

    public bool Exists { get; init; }

    public OidcAppState Apply(StoredEvent stored) => (OidcAppEvents.Codec.Decode(stored) switch
    {
        OidcAppAdded => this with { Exists = true },
        OidcAppRemoved => this with { Exists = false },
        _ => this,
    }) with { Version = Version.After(stored) };
}
