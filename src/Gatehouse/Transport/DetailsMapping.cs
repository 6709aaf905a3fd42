using Gatehouse.Kernel;
using Google.Protobuf.WellKnownTypes;

namespace Gatehouse.Transport;

/// <summary>Which fields of the details messages each kind of response fills (docs/zitadel-wire.md §4.3).</summary>
internal static class DetailsMapping
{
    /// <summary>
    /// v1 "added" responses. ZITADEL fills only creationDate; the seed's published example also shows changeDate, so we
    /// send both with the event's time and serve clients written against either.
    /// </summary>
    public static Zitadel.V1.ObjectDetails V1Added(ObjectDetails details) => new()
    {
        Sequence = (ulong)details.Sequence,
        CreationDate = Timestamp.FromDateTimeOffset(details.EventDate),
        ChangeDate = Timestamp.FromDateTimeOffset(details.EventDate),
        ResourceOwner = details.ResourceOwner,
    };

    public static Zitadel.V1.ObjectDetails V1Changed(ObjectDetails details) => new()
    {
        Sequence = (ulong)details.Sequence,
        ChangeDate = Timestamp.FromDateTimeOffset(details.EventDate),
        ResourceOwner = details.ResourceOwner,
    };

    public static Zitadel.V1.ObjectDetails V1ReadModel(long sequence, DateTimeOffset created, DateTimeOffset changed, string owner) => new()
    {
        Sequence = (ulong)sequence,
        CreationDate = Timestamp.FromDateTimeOffset(created),
        ChangeDate = Timestamp.FromDateTimeOffset(changed),
        ResourceOwner = owner,
    };

    /// <summary>v2 details; for an aggregate that does not exist (deleting an unknown session) all fields stay empty.</summary>
    public static Zitadel.Object.V2.Details V2(ObjectDetails details) => new()
    {
        Sequence = (ulong)details.Sequence,
        ChangeDate = details.Sequence == 0 ? null : Timestamp.FromDateTimeOffset(details.EventDate),
        ResourceOwner = details.ResourceOwner ?? "",
    };
}
