using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.Org.V2;

namespace Gatehouse.Api.Tests.Instance;

/// <summary>
/// OrganizationService.ListOrganizations as Login V2 calls it: the default organization on every page, the one of a
/// login name's domain (docs/zitadel-wire.md §10), over every protocol and on both stores.
/// </summary>
public abstract class OrganizationSearchTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : OrganizationSearchTests(server);

    public sealed class OnPostgres(PostgresServer server) : OrganizationSearchTests(server);

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task The_login_client_finds_the_default_organization(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync();
        var request = new ListOrganizationsRequest();
        request.Queries.Add(new SearchQuery { DefaultQuery = new DefaultOrganizationQuery() });

        var answer = await new OrganizationService.OrganizationServiceClient(server.Clients.Channel(protocol)).ListOrganizationsAsync(
            request, ApiClients.Bearer(server.Accounts.LoginClientToken), cancellationToken: TestContext.Current.CancellationToken);

        var org = Assert.Single(answer.Result);
        Assert.Equal(user.OrgId, org.Id);
        Assert.Equal(OrganizationState.Active, org.State);
        Assert.EndsWith(".localhost", org.PrimaryDomain, StringComparison.Ordinal);
        Assert.Equal(1UL, answer.Details.TotalResult);
    }

    [Fact]
    public async Task A_domain_query_over_json_finds_the_organization_with_zitadels_shape()
    {
        var (_, all) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/organizations/_search", server.Accounts.LoginClientToken, "{}");
        var domain = all.GetProperty("result")[0].GetProperty("primaryDomain").GetString();

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/organizations/_search", server.Accounts.LoginClientToken,
            System.Text.Json.JsonSerializer.Serialize(new
            {
                queries = new[] { new { domainQuery = new { domain = domain!.ToUpperInvariant(), method = "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" } } },
            }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", body.GetProperty("details").GetProperty("totalResult").GetString());
        var org = body.GetProperty("result")[0];
        Assert.Equal("ORGANIZATION_STATE_ACTIVE", org.GetProperty("state").GetString());
        Assert.True(org.GetProperty("details").TryGetProperty("creationDate", out _));
    }

    [Fact]
    public async Task No_match_still_answers_details()
    {
        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/organizations/_search", server.Accounts.LoginClientToken,
            """{"queries":[{"idQuery":{"id":"nope"}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.TryGetProperty("details", out _));
        Assert.False(body.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task A_user_without_a_role_sees_no_organization()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/organizations/_search", user.Token, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task A_page_size_over_a_thousand_is_refused_with_zitadels_error()
    {
        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/organizations/_search", server.Accounts.LoginClientToken,
            """{"query":{"limit":5000}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("QUERY-4M0fs", body.GetProperty("details")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_text_method_is_refused_as_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            var request = new ListOrganizationsRequest();
            request.Queries.Add(new SearchQuery { NameQuery = new OrganizationNameQuery { Name = "x", Method = (Zitadel.Object.V2.TextQueryMethod)42 } });
            await new OrganizationService.OrganizationServiceClient(server.Clients.Grpc).ListOrganizationsAsync(
                request, ApiClients.Bearer(server.Accounts.LoginClientToken), cancellationToken: TestContext.Current.CancellationToken);
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_search_is_unauthenticated()
    {
        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/organizations/_search", null, "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
