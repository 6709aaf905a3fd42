using System.Security.Claims;
using Gatehouse.Instance;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gatehouse.Oidc;

/// <summary>
/// The organization side of ZITADEL's reserved scopes: whether the organizations a request names exist, and the
/// claims that describe the user's organization (<c>urn:zitadel:iam:user:resourceowner:*</c>,
/// <c>urn:zitadel:iam:org:domain:primary</c>) and metadata, with ZITADEL's claim names.
/// </summary>
internal sealed class OrganizationClaims(OrgQueries orgs, InstanceSettings instance)
{
    /// <summary>The claims this class adds, which userinfo repeats from the access token.</summary>
    public static readonly string[] Types =
        [OidcScopes.ResourceOwnerNameClaim, OidcScopes.ResourceOwnerDomainClaim, OidcScopes.OrgDomainClaim, OidcScopes.Metadata];

    /// <summary>Why the request cannot be served (an organization it names does not exist), or null.</summary>
    public async Task<string?> MissingAsync(ReservedScopes scopes, CancellationToken ct)
    {
        foreach (var id in scopes.OrgIds)
        {
            if (!await orgs.ExistsAsync(id, ct))
            {
                return $"The organization {id} does not exist.";
            }
        }

        foreach (var domain in scopes.OrgDomains)
        {
            if (await orgs.FindByDomainAsync(domain, instance.ExternalDomain, ct) is null)
            {
                return $"No organization has the primary domain {domain}.";
            }
        }

        return null;
    }

    public Task<(string Name, string PrimaryDomain)?> OfAsync(string orgId, CancellationToken ct) =>
        orgs.GetAsync(orgId, instance.ExternalDomain, ct);

    public static void Add(ClaimsIdentity identity, ReservedScopes scopes, (string Name, string PrimaryDomain)? org)
    {
        if (scopes.ResourceOwner && org is { } owner)
        {
            identity.AddClaim(new Claim(OidcScopes.ResourceOwnerNameClaim, owner.Name));
            identity.AddClaim(new Claim(OidcScopes.ResourceOwnerDomainClaim, owner.PrimaryDomain));
        }

        if (scopes.OrgDomains.Count > 0 && org is { } restricted)
        {
            identity.AddClaim(new Claim(OidcScopes.OrgDomainClaim, restricted.PrimaryDomain));
        }

        if (scopes.Metadata)
        {
            // Gatehouse has no user metadata yet: the claim is there, as an empty object, so applications that read
            // it find what ZITADEL gives a user without metadata.
            identity.AddClaim(new Claim(OidcScopes.Metadata, "{}", JsonClaimValueTypes.Json));
        }
    }
}
