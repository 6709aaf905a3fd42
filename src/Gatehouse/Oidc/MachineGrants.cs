using System.Security.Claims;
using Gatehouse.Crypto;
using Gatehouse.Users;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Oidc;

/// <summary>
/// Machine-to-machine sign-in as ZITADEL's service users do it (README, "Machine to machine"): the client credentials
/// grant with the machine user's login name as <c>client_id</c> and its secret (docs/zitadel-wire.md §11). The client is
/// authenticated while OpenIddict validates the request; the token endpoint then issues the machine's access token.
/// </summary>
internal sealed class MachineGrants(MachineCredentials credentials, SecretHasher hasher, OrganizationClaims organizations)
{
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>
    /// Checks the machine user's secret; an unknown client, a user without a secret and a wrong secret get the same
    /// answer, after the same work, so the answer tells nothing about which login names exist.
    /// </summary>
    public async Task AuthenticateSecretAsync(OpenIddictServerEvents.ValidateTokenRequestContext context)
    {
        var secret = context.Request.ClientSecret;
        var machine = string.IsNullOrEmpty(context.Request.ClientId) ? null : await credentials.FindClientAsync(context.Request.ClientId, context.CancellationToken);
        var matches = hasher.Matches(UserApi.MachineSecretPurpose, secret ?? "", machine?.SecretHash ?? Unmatchable);
        if (machine is null || string.IsNullOrEmpty(secret) || !matches)
        {
            context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
        }
    }

    /// <summary>The access token's principal for a validated request, or null when the machine user may not sign in now.</summary>
    public async Task<ClaimsPrincipal?> TokenAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var machine = request.IsClientCredentialsGrantType() && request.ClientId is { } clientId
            ? await credentials.FindClientAsync(clientId, ct)
            : null;
        if (machine is not { State: UserStates.Active })
        {
            return null;
        }

        var scopes = request.GetScopes();
        var org = await organizations.OfAsync(machine.OrgId, ct);
        return ReservedScopes.Of(scopes).Admits(machine.OrgId, org?.PrimaryDomain) ? MachineTokens.PrincipalOf(machine, scopes) : null;
    }

    /// <summary>A well-formed hash no secret maps to, compared when there is no real one, so both paths cost the same.</summary>
    private static readonly string Unmatchable = Convert.ToBase64String(new byte[32]);
}
