using Gatehouse.Kernel;
using Zitadel.Org.V2;

namespace Gatehouse.Instance;

/// <summary>
/// ListOrganizations' filter as a pure function: every query must match (ZITADEL ands them), sorted by name when the
/// request sorts by name and by id otherwise, then paged.
/// </summary>
internal static class OrgSearch
{
    public static (IReadOnlyList<OrgListing> Page, int Total) Run(
        IReadOnlyList<OrgListing> readable, IReadOnlyList<SearchQuery> queries, string defaultOrgId, (ListPaging Paging, bool ByName) order)
    {
        var matching = readable.Where(org => queries.All(query => Matches(org, query, defaultOrgId))).ToList();
        var sorted = order.ByName
            ? matching.OrderBy(org => org.Name, StringComparer.Ordinal).ThenBy(org => org.Id, StringComparer.Ordinal)
            : matching.OrderBy(org => org.Id, StringComparer.Ordinal);
        return (order.Paging.Apply(sorted).ToList(), matching.Count);
    }

    private static bool Matches(OrgListing org, SearchQuery query, string defaultOrgId) => query.QueryCase switch
    {
        SearchQuery.QueryOneofCase.NameQuery => TextMatch.Matches(org.Name, query.NameQuery.Name, (int)query.NameQuery.Method),
        SearchQuery.QueryOneofCase.DomainQuery => TextMatch.Matches(org.PrimaryDomain, query.DomainQuery.Domain, (int)query.DomainQuery.Method),
        // Gatehouse's organizations are all active: there is no deactivation yet.
        SearchQuery.QueryOneofCase.StateQuery => query.StateQuery.State == OrganizationState.Active,
        SearchQuery.QueryOneofCase.IdQuery => org.Id == query.IdQuery.Id,
        SearchQuery.QueryOneofCase.DefaultQuery => org.Id == defaultOrgId,
        // An empty query object matches everything, as ZITADEL ignores it.
        _ => true,
    };
}
