using Gatehouse.Kernel;
using Gatehouse.Instance;
using Zitadel.Object.V2;
using Zitadel.Org.V2;

namespace Gatehouse.Tests.Instance;

/// <summary>ListOrganizations' filter, sort and page (docs/zitadel-wire.md §10), as Login V2 uses it.</summary>
public sealed class OrgSearchTests
{
    private static readonly OrgListing Acme = new("2", "Acme", "acme.localhost", DateTimeOffset.UnixEpoch, 0);
    private static readonly OrgListing Beta = new("1", "Beta Corp", "beta-corp.localhost", DateTimeOffset.UnixEpoch, 0);
    private static readonly OrgListing[] Both = [Acme, Beta];

    private static (IReadOnlyList<OrgListing> Page, int Total) Run(params SearchQuery[] queries) =>
        OrgSearch.Run(Both, queries, defaultOrgId: "1", (ListPaging.Of(0, 0, true), false));

    [Fact]
    public void The_default_query_finds_the_instances_default_organization() =>
        Assert.Equal([Beta], Run(new SearchQuery { DefaultQuery = new DefaultOrganizationQuery() }).Page);

    [Fact]
    public void A_domain_query_finds_the_organization_of_a_login_names_suffix() =>
        Assert.Equal([Beta], Run(new SearchQuery { DomainQuery = new OrganizationDomainQuery { Domain = "BETA-corp.localhost", Method = TextQueryMethod.EqualsIgnoreCase } }).Page);

    [Fact]
    public void Queries_are_anded() =>
        Assert.Empty(Run(new SearchQuery { IdQuery = new OrganizationIDQuery { Id = "2" } }, new SearchQuery { DefaultQuery = new DefaultOrganizationQuery() }).Page);

    [Fact]
    public void Name_queries_use_the_text_method_and_the_total_counts_every_match()
    {
        var (page, total) = OrgSearch.Run(Both, [new SearchQuery { NameQuery = new OrganizationNameQuery { Name = "e", Method = TextQueryMethod.ContainsIgnoreCase } }],
            "1", (ListPaging.Of(0, 1, true), true));

        Assert.Equal([Acme], page);
        Assert.Equal(2, total);
    }

    [Fact]
    public void Without_sorting_by_name_the_order_is_by_id_and_descending_reverses_it()
    {
        Assert.Equal([Beta, Acme], OrgSearch.Run(Both, [], "1", (ListPaging.Of(0, 0, true), false)).Page);
        Assert.Equal([Acme, Beta], OrgSearch.Run(Both, [], "1", (ListPaging.Of(0, 0, false), false)).Page);
    }

    [Fact]
    public void A_page_size_over_a_thousand_is_refused_not_cut()
    {
        var error = Assert.Throws<DomainException>(() => ListPaging.Of(0, 1001, true));

        Assert.Equal("QUERY-4M0fs", error.Error.Id);
        Assert.Equal(100, ListPaging.Of(0, 0, true).Limit);
        Assert.Equal(1000, ListPaging.Of(0, 1000, true).Limit);
    }

    [Theory]
    [InlineData("Acme", "ac", 3, true)]
    [InlineData("Acme", "ac", 2, false)]
    [InlineData("Acme", "ME", 7, true)]
    [InlineData("Acme", "me", 6, true)]
    [InlineData("Acme", "Acme", 0, true)]
    [InlineData("Acme", "acme", 0, false)]
    public void Text_methods_compare_as_zitadels(string value, string query, int method, bool matches) =>
        Assert.Equal(matches, TextMatch.Matches(value, query, method));
}
