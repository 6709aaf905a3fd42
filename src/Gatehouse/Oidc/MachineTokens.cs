using System.Security.Claims;
using Gatehouse.Users;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Oidc;

/// <summary>
/// The access token of a machine user, from the client credentials or the JWT profile grant (README, "Machine to
/// machine"): the user and its organization, the served scopes it asked for and the audiences of ZITADEL's project
/// scopes (<c>…:id:zitadel:aud</c> makes it a bearer token for the API). There is no login session (<c>sid</c>), no
/// ID token and no refresh token: the machine signs in again with its secret or key when the token expires.
/// </summary>
internal static class MachineTokens
{
    public static ClaimsPrincipal PrincipalOf(MachineClient machine, IEnumerable<string> requestedScopes)
    {
        var scopes = requestedScopes.Where(scope => OidcScopes.IsServed(scope) && scope != Scopes.OfflineAccess).ToList();
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, machine.UserId)
            .SetClaim(OidcScopes.ResourceOwnerClaim, machine.OrgId)
            .SetClaim(OidcGrant.Claim, OidcGrant.NewId());
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(ReservedScopes.Of(scopes).Audiences);
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return principal;
    }
}
