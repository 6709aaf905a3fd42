using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Discovery;

namespace Gatehouse.Oidc;

/// <summary>
/// Corrects what OpenIddict derives for discovery from one shared list of client authentication methods: public
/// clients (<c>none</c>) may redeem codes and revoke their tokens, but introspection needs an authenticated client
/// (<see cref="OidcRequestValidation"/>), so the introspection list must not offer <c>none</c>. Every
/// <c>*_supported</c> list says exactly what works (README, "Sign in to applications"), and <c>acr_values_supported</c>
/// names the values <see cref="OidcAcr"/> understands.
/// </summary>
internal sealed class DiscoveryMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DiscoveryMetadata>()
            .SetOrder(AttachClientAuthenticationMethods.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.IntrospectionEndpointAuthenticationMethods.Remove(ClientAuthenticationMethods.None);
        context.Metadata[Metadata.AcrValuesSupported] = new OpenIddictParameter([.. OidcAcr.Supported]);
        return ValueTask.CompletedTask;
    }
}
