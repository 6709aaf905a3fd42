namespace Gatehouse.Oidc;

/// <summary>
/// What ZITADEL's reserved scopes of one request ask for: organization restrictions, extra audiences and extra claims.
/// Role scopes are accepted and assert nothing until Gatehouse has projects and roles (README, "Scopes and claims").
/// </summary>
internal sealed record ReservedScopes(
    IReadOnlyList<string> OrgIds, IReadOnlyList<string> OrgDomains, IReadOnlyList<string> Audiences, bool ResourceOwner, bool Metadata)
{
    public static ReservedScopes Of(IEnumerable<string> scopes)
    {
        var all = scopes.ToList();
        return new(
            [.. all.Select(s => OidcScopes.ParameterOf(s, OidcScopes.OrgIdPrefix, "")).OfType<string>()],
            [.. all.Select(s => OidcScopes.ParameterOf(s, OidcScopes.OrgDomainPrefix, "")).OfType<string>()],
            [.. all.Select(s => OidcScopes.ParameterOf(s, OidcScopes.ProjectPrefix, OidcScopes.ProjectSuffix)).OfType<string>().Distinct(StringComparer.Ordinal)],
            all.Contains(OidcScopes.ResourceOwner, StringComparer.Ordinal),
            all.Contains(OidcScopes.Metadata, StringComparer.Ordinal));
    }

    /// <summary>Whether a user of this organization may sign in: it must be every organization the scopes name.</summary>
    public bool Admits(string orgId, string? primaryDomain) =>
        OrgIds.All(id => id == orgId)
        && OrgDomains.All(domain => primaryDomain is not null && string.Equals(domain, primaryDomain, StringComparison.OrdinalIgnoreCase));
}
