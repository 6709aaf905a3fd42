using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// A machine user's grants (client credentials, JWT profile) answer an access token only, as ZITADEL's do: nobody
/// signed in interactively, so there is no ID token to give, even when the request names <c>openid</c> (which the API
/// audience scope is requested with).
/// </summary>
internal sealed class NoIdentityTokenForMachines : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseSingletonHandler<NoIdentityTokenForMachines>()
        .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request is { } request && (request.IsClientCredentialsGrantType() || request.GrantType == MachineGrants.JwtBearer))
        {
            context.GenerateIdentityToken = false;
            context.IncludeIdentityToken = false;
            context.GenerateRefreshToken = false;
            context.IncludeRefreshToken = false;
        }

        return ValueTask.CompletedTask;
    }
}
