namespace Gatehouse.Kernel;

/// <summary>
/// What a write reports back, before transport decides which fields of ZITADEL's details message to fill
/// (docs/zitadel-wire.md §4.3): the last event's sequence and time on the written aggregate, and its owner.
/// </summary>
internal sealed record ObjectDetails(long Sequence, DateTimeOffset EventDate, string ResourceOwner);
