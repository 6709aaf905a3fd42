namespace Gatehouse.Kernel;

/// <summary>Carries a <see cref="DomainError"/> out of a handler to the transport's error mapping.</summary>
internal sealed class DomainException(DomainError error) : Exception($"{error.Key} ({error.Id})")
{
    public DomainError Error { get; } = error;
}
