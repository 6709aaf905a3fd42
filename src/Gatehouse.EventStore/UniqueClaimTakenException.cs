namespace Gatehouse.EventStore;

/// <summary>A unique claim is already held by another aggregate. Nothing of the append was written.</summary>
public sealed class UniqueClaimTakenException(UniqueClaim claim)
    // The value stays out of the message: claims hold login names and token hashes, which do not belong in logs.
    : Exception($"The {claim.ClaimType} claim is already taken.")
{
    public UniqueClaim Claim { get; } = claim;
}
