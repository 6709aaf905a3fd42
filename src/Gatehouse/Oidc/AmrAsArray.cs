using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// OpenIddict writes a claim with one value as a string, so a password-only sign-in gave the access token
/// <c>"amr":"pwd"</c> while the ID token had <c>["pwd"]</c>. RFC 8176 §1 and OIDC Core §2 make <c>amr</c> a JSON
/// array; resource servers that read it as one should not have to handle both shapes.
/// </summary>
internal sealed class AmrAsArray : IOpenIddictServerHandler<ProcessSignInContext>
{
    /// <summary>After OpenIddict chose the access token's claims, before it writes the token.</summary>
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseSingletonHandler<AmrAsArray>()
        .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 1)
        .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AccessTokenPrincipal?.Identity is ClaimsIdentity identity)
        {
            AsArray(identity);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Replaces the <c>amr</c> claims by one whose value is a JSON array, which OpenIddict writes as is.</summary>
    public static void AsArray(ClaimsIdentity identity)
    {
        var claims = identity.FindAll(Claims.AuthenticationMethodReference).Where(c => c.ValueType != JsonClaimValueTypes.JsonArray).ToList();
        if (claims.Count == 0)
        {
            return;
        }

        foreach (var claim in claims)
        {
            identity.RemoveClaim(claim);
        }

        var values = claims.Select(c => c.Value).ToArray();
        identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, JsonSerializer.Serialize(values, OidcJson.Default.StringArray),
            JsonClaimValueTypes.JsonArray));
    }
}
