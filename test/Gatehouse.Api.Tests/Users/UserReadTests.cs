using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.User.V2;

namespace Gatehouse.Api.Tests.Users;

/// <summary>GetUserByID and ListUsers as Login V2 calls them (docs/zitadel-wire.md §6.4, §6.5), on both stores.</summary>
public abstract class UserReadTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : UserReadTests(server);

    public sealed class OnPostgres(PostgresServer server) : UserReadTests(server);

    private string LoginClient => server.Accounts.LoginClientToken;

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task The_login_client_reads_a_user_by_id(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync();

        var answer = await new UserService.UserServiceClient(server.Clients.Channel(protocol)).GetUserByIDAsync(
            new GetUserByIDRequest { UserId = user.UserId }, ApiClients.Bearer(LoginClient), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(user.UserId, answer.User.UserId);
        Assert.Equal(user.LoginName, answer.User.PreferredLoginName);
        Assert.Equal(user.OrgId, answer.Details.ResourceOwner);
        Assert.Equal(UserState.Active, answer.User.State);
        Assert.Equal(user.Email, answer.User.Human.Email.Email);
        Assert.True(answer.User.Human.Email.IsVerified);
        Assert.NotNull(answer.User.Human.PasswordChanged);
    }

    [Fact]
    public async Task Get_user_by_id_over_json_has_zitadels_shape()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", LoginClient);

        Assert.Equal(HttpStatusCode.OK, status);
        var json = body.GetProperty("user");
        Assert.Equal("USER_STATE_ACTIVE", json.GetProperty("state").GetString());
        Assert.Equal(user.LoginName, json.GetProperty("loginNames")[0].GetString());
        Assert.Equal(user.Email, json.GetProperty("human").GetProperty("email").GetProperty("email").GetString());
    }

    [Fact]
    public async Task An_unknown_user_and_a_user_the_caller_may_not_read_look_the_same()
    {
        var other = await server.Accounts.CreateHumanAsync();
        var caller = await server.Accounts.CreateHumanAsync();

        var (unknownStatus, unknown) = await server.Clients.JsonAsync(HttpMethod.Get, "/v2/users/123456789", LoginClient);
        var (hiddenStatus, hidden) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{other.UserId}", caller.Token);
        var (selfStatus, _) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/users/{caller.UserId}", caller.Token);

        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Equal(HttpStatusCode.NotFound, hiddenStatus);
        Assert.Equal(unknown.GetProperty("message").GetString(), hidden.GetProperty("message").GetString());
        Assert.Equal("QUERY-Dfbg2", hidden.GetProperty("details")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, selfStatus);
    }

    [Fact]
    public async Task Login_v2s_login_name_search_finds_the_user_whatever_the_case()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var query = JsonSerializer.Serialize(new
        {
            queries = new object[]
            {
                new { loginNameQuery = new { loginName = user.LoginName.ToUpperInvariant(), method = "TEXT_QUERY_METHOD_EQUALS" } },
                new { organizationIdQuery = new { organizationId = user.OrgId } },
            },
        });

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/users", LoginClient, query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", body.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal(user.UserId, body.GetProperty("result")[0].GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_search_without_a_match_still_has_details()
    {
        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/users", LoginClient,
            """{"queries":[{"loginNameQuery":{"loginName":"nobody-at-all","method":"TEXT_QUERY_METHOD_EQUALS"}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.TryGetProperty("details", out _));
        Assert.False(body.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task A_user_without_a_role_finds_only_themselves()
    {
        var user = await server.Accounts.CreateHumanAsync();
        await server.Accounts.CreateHumanAsync();

        var (_, body) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/users", user.Token,
            """{"queries":[{"typeQuery":{"type":"TYPE_HUMAN"}}]}""");

        var only = Assert.Single(body.GetProperty("result").EnumerateArray());
        Assert.Equal(user.UserId, only.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Bad_searches_are_refused_with_invalid_argument()
    {
        var (tooMany, tooManyBody) = await server.Clients.JsonAsync(HttpMethod.Post, "/v2/users", LoginClient, """{"query":{"limit":1001}}""");
        var nested = new SearchQuery { EmailQuery = new EmailQuery { EmailAddress = "x" } };
        for (var i = 0; i < 20; i++)
        {
            nested = new SearchQuery { NotQuery = new NotQuery { Query = nested } };
        }

        var request = new ListUsersRequest();
        request.Queries.Add(nested);
        var deep = await Assert.ThrowsAsync<RpcException>(async () => await new UserService.UserServiceClient(server.Clients.Grpc)
            .ListUsersAsync(request, ApiClients.Bearer(LoginClient), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Equal("QUERY-4M0fs", tooManyBody.GetProperty("details")[0].GetProperty("id").GetString());
        Assert.Equal(StatusCode.InvalidArgument, deep.StatusCode);
    }
}
