using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.Session.V2;

namespace Gatehouse.Api.Tests.Sessions;

/// <summary>Sessions v2 ListSessions as Login V2's account list calls it, and who may see which session.</summary>
public abstract class ListSessionsTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : ListSessionsTests(server);

    public sealed class OnPostgres(PostgresServer server) : ListSessionsTests(server);

    private SessionSteps Steps => new(server.Clients, server.Accounts.LoginClientToken);

    /// <summary>A password-checked session of a new user: its id and token.</summary>
    private async Task<(TestUser User, string Id, string Token)> SessionAsync()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (_, created) = await Steps.SendAsync(HttpMethod.Post, "/v2/sessions",
            $$$$$"""{"checks":{"user":{"loginName":"{{{{{user.LoginName}}}}}"},"password":{"password":"{{{{{user.Password}}}}}"}},"userAgent":{"fingerprintId":"fp-{{{{{user.UserId}}}}}"}}""");
        return (user, created.GetProperty("sessionId").GetString()!, created.GetProperty("sessionToken").GetString()!);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> SearchAsync(string json, string? token = null) =>
        Steps.SendAsync(HttpMethod.Post, "/v2/sessions/search", json, token);

    private static List<string?> IdsIn(JsonElement body) =>
        body.TryGetProperty("sessions", out var sessions) ? [.. sessions.EnumerateArray().Select(s => s.GetProperty("id").GetString())] : [];

    [Fact]
    public async Task The_login_client_lists_the_sessions_of_its_cookies_with_their_users_and_factors()
    {
        var (first, firstId, _) = await SessionAsync();
        var (_, secondId, _) = await SessionAsync();

        var (status, body) = await SearchAsync($$$$"""{"queries":[{"idsQuery":{"ids":["{{{{firstId}}}}","{{{{secondId}}}}","123456789"]}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", body.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal([secondId, firstId], IdsIn(body));
        var listed = body.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("id").GetString() == firstId);
        Assert.Equal(first.LoginName, listed.GetProperty("factors").GetProperty("user").GetProperty("loginName").GetString());
        Assert.True(listed.GetProperty("factors").GetProperty("password").TryGetProperty("verifiedAt", out _));
        Assert.Equal($"fp-{first.UserId}", listed.GetProperty("userAgent").GetProperty("fingerprintId").GetString());
    }

    [Fact]
    public async Task An_ended_session_is_not_listed()
    {
        var (_, id, _) = await SessionAsync();
        var (deleted, _) = await Steps.SendAsync(HttpMethod.Delete, $"/v2/sessions/{id}", "{}");
        Assert.Equal(HttpStatusCode.OK, deleted);

        var (_, body) = await SearchAsync($$$$"""{"queries":[{"idsQuery":{"ids":["{{{{id}}}}"]}}]}""");

        // Zero is a default, so the JSON leaves it out, as ZITADEL's gateway does.
        Assert.False(body.GetProperty("details").TryGetProperty("totalResult", out _));
        Assert.Empty(IdsIn(body));
    }

    [Fact]
    public async Task A_user_sees_only_their_own_sessions_whatever_they_ask_for()
    {
        var (user, ownId, _) = await SessionAsync();
        var (_, otherId, _) = await SessionAsync();
        var full = await Steps.SignInWithBothFactorsAsync(await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients));

        var (_, own) = await SearchAsync($$$$"""{"queries":[{"idsQuery":{"ids":["{{{{ownId}}}}","{{{{otherId}}}}"]}}]}""", user.Token);
        var (_, stranger) = await SearchAsync($$$$"""{"queries":[{"idsQuery":{"ids":["{{{{ownId}}}}","{{{{otherId}}}}"]}}]}""", full);

        Assert.Equal([ownId], IdsIn(own));
        Assert.Empty(IdsIn(stranger));
    }

    [Fact]
    public async Task A_password_only_session_of_a_user_with_a_second_factor_cannot_list_sessions()
    {
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var token = await server.Accounts.SignInAsync(user.LoginName, user.Password);

        var (status, body) = await SearchAsync("""{"queries":[]}""", token);

        Assert.Equal((HttpStatusCode.Forbidden, "AUTHZ-Mfa2q"), (status, SessionSteps.IdOf(body)));
    }

    [Fact]
    public async Task Queries_by_user_creator_creation_date_and_user_agent_are_anded()
    {
        var (user, id, _) = await SessionAsync();
        var (_, otherId, _) = await SessionAsync();

        var (_, byUser) = await SearchAsync($$$$"""{"queries":[{"userIdQuery":{"id":"{{{{user.UserId}}}}"}}]}""");
        var (_, byAgent) = await SearchAsync($$$$"""{"queries":[{"userAgentQuery":{"fingerprintId":"fp-{{{{user.UserId}}}}"}},{"creatorQuery":{}}]}""");
        var (_, later) = await SearchAsync($$$$"""{"queries":[{"idsQuery":{"ids":["{{{{id}}}}","{{{{otherId}}}}"]}},{"creationDateQuery":{"creationDate":"2999-01-01T00:00:00Z","method":"TIMESTAMP_QUERY_METHOD_GREATER"}}]}""");

        // The user's own sign-in when they were created is listed too.
        Assert.Contains(id, IdsIn(byUser));
        Assert.DoesNotContain(otherId, IdsIn(byUser));
        Assert.All(byUser.GetProperty("sessions").EnumerateArray(),
            s => Assert.Equal(user.UserId, s.GetProperty("factors").GetProperty("user").GetProperty("id").GetString()));
        Assert.Equal([id], IdsIn(byAgent));
        Assert.Empty(IdsIn(later));
    }

    [Fact]
    public async Task Pages_are_cut_by_offset_and_limit_and_the_total_counts_every_match()
    {
        var (_, a, _) = await SessionAsync();
        var (_, b, _) = await SessionAsync();
        var (_, c, _) = await SessionAsync();
        var ids = $$$$"""{"idsQuery":{"ids":["{{{{a}}}}","{{{{b}}}}","{{{{c}}}}"]}}""";

        var (_, page) = await SearchAsync($$$$"""{"query":{"offset":"1","limit":1,"asc":true},"queries":[{{{{ids}}}}]}""");
        var (tooMany, error) = await SearchAsync($$$$"""{"query":{"limit":1001},"queries":[{{{{ids}}}}]}""");

        Assert.Equal("3", page.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal([b], IdsIn(page));
        Assert.Equal((HttpStatusCode.BadRequest, "QUERY-4M0fs"), (tooMany, SessionSteps.IdOf(error)));
    }

    [Theory]
    [InlineData("""{"queries":[{}]}""")]
    [InlineData("""{"queries":[{"userAgentQuery":{}}]}""")]
    [InlineData("""{"queries":[{"creationDateQuery":{"method":"TIMESTAMP_QUERY_METHOD_LESS"}}]}""")]
    [InlineData("""{"sortingColumn":7}""")]
    public async Task A_malformed_search_is_an_invalid_argument(string json)
    {
        var (status, body) = await SearchAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Native_grpc_answers_the_same_list()
    {
        var (_, id, _) = await SessionAsync();
        var client = new SessionService.SessionServiceClient(server.Clients.Channel(Protocol.Grpc));

        var response = await client.ListSessionsAsync(new ListSessionsRequest { Queries = { new SearchQuery { IdsQuery = new IDsQuery { Ids = { id } } } } },
            ApiClients.Bearer(server.Accounts.LoginClientToken), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(id, Assert.Single(response.Sessions).Id);
        Assert.Equal(1UL, response.Details.TotalResult);
    }
}
