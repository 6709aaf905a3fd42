using Gatehouse.Kernel;

namespace Gatehouse.Auth;

/// <summary>The answer of <see cref="TokenValidity"/>: refused with an error, or valid and whether every factor was checked.</summary>
internal sealed record TokenVerdict(DomainError? Error, bool PassedEveryFactor)
{
    public static TokenVerdict Refused(DomainError error) => new(error, false);

    public static TokenVerdict Valid(bool passedEveryFactor) => new(null, passedEveryFactor);
}
