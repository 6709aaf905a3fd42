namespace Gatehouse.Kernel;

/// <summary>
/// Turns an <c>Authorization</c> header into the <see cref="Caller"/>, or throws a <c>DomainException</c> with one of
/// <see cref="AuthErrors"/>. Auth/ implements it; the transport's interceptor and the OIDC admin endpoints call it
/// through this interface, so neither knows how tokens are stored (docs/architecture.md).
/// </summary>
internal interface IAuthenticator
{
    Task<Caller> AuthenticateAsync(string? authorization, CancellationToken ct);
}
