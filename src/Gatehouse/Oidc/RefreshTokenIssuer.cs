using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// Records every refresh token OpenIddict has just written, by keyed hash, before the response leaves: a token that is
/// not in <see cref="RefreshTokens"/> is never accepted, so one that could not be recorded is useless rather than
/// unrevocable.
/// </summary>
internal sealed class RefreshTokenIssuer(RefreshTokens tokens) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseSingletonHandler<RefreshTokenIssuer>()
        .SetOrder(OpenIddictServerHandlers.GenerateRefreshToken.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RefreshToken is not { Length: > 0 } token || context.RefreshTokenPrincipal is not { } principal)
        {
            return;
        }

        if (principal.GetClaim(OidcGrant.Claim) is not { } grant || principal.GetClaim(Claims.Subject) is not { } user
            || principal.GetClaim("sid") is not { } session || context.ClientId is not { Length: > 0 } client)
        {
            throw new InvalidOperationException("A refresh token must belong to a grant, a user, a login session and a client.");
        }

        await tokens.StoreAsync(token, new RefreshGrant(grant, client, user, session), context.CancellationToken);
    }
}
