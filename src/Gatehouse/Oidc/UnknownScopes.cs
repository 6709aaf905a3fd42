using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// Drops the scope values Gatehouse does not serve before OpenIddict validates the request, so they are ignored as
/// OpenID Connect Core §3.1.2.1 recommends and ZITADEL does, instead of failing the sign-in with invalid_scope.
/// What is served includes ZITADEL's scopes with a parameter (<c>urn:zitadel:iam:org:id:{id}</c>, …), which cannot be
/// registered with OpenIddict one by one, so OpenIddict's own scope check is off and this is the only one.
/// <c>offline_access</c> passes here; it is granted only to applications allowed refresh tokens. The tokens then name
/// only the scopes that were granted (README, "Scopes and claims").
/// </summary>
internal sealed class UnknownScopes : IOpenIddictServerHandler<ExtractAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractAuthorizationRequestContext>()
            .UseSingletonHandler<UnknownScopes>()
            // After the ASP.NET Core integration has read the query or form.
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ExtractAuthorizationRequestContext context)
    {
        if (context.Request?.Scope is { Length: > 0 } scope)
        {
            var served = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(OidcScopes.IsServed)
                .Distinct(StringComparer.Ordinal);
            context.Request.Scope = string.Join(' ', served);
        }

        return ValueTask.CompletedTask;
    }
}
