using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// Drops the scope values Gatehouse does not serve before OpenIddict validates the request, so they are ignored as
/// OpenID Connect Core §3.1.2.1 recommends and ZITADEL does, instead of failing the sign-in with invalid_scope.
/// Applications written for ZITADEL routinely ask for <c>phone</c>, <c>address</c> or ZITADEL's
/// <c>urn:zitadel:iam:…</c> scopes; <c>offline_access</c> is ignored until refresh tokens exist. The tokens then
/// name only the scopes that were granted (README, "Sign in to applications").
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
                .Where(value => context.Options.Scopes.Contains(value) && value != Scopes.OfflineAccess);
            context.Request.Scope = string.Join(' ', served);
        }

        return ValueTask.CompletedTask;
    }
}
