using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.User.V2;

namespace Gatehouse.Api.Tests.Users;

/// <summary>User v2 LockUser, DeleteUser and HumanMFAInitSkipped over the wire, with their permission rules.</summary>
public abstract class UserLifecycleTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : UserLifecycleTests(server);

    public sealed class OnPostgres(PostgresServer server) : UserLifecycleTests(server);

    private Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        server.Clients.JsonAsync(method, path, token, json);

    private static string? IdOf(JsonElement body) => Sessions.SessionSteps.IdOf(body);

    [Fact]
    public async Task A_deleted_user_is_gone_their_tokens_stop_working_and_the_login_name_is_free_again()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, body) = await SendAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}", server.Accounts.AdminToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(user.OrgId, body.GetProperty("details").GetProperty("resourceOwner").GetString());
        var (readStatus, read) = await SendAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", server.Accounts.AdminToken);
        Assert.Equal((HttpStatusCode.NotFound, "QUERY-Dfbg2"), (readStatus, IdOf(read)));
        var (meStatus, _) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", user.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, meStatus);
        var (againStatus, again) = await SendAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}", server.Accounts.AdminToken);
        Assert.Equal((HttpStatusCode.NotFound, "COMMAND-bd4ir1mblj"), (againStatus, IdOf(again)));

        var userName = user.LoginName;
        var (createStatus, _) = await SendAsync(HttpMethod.Post, "/v2/users/human", server.Accounts.AdminToken,
            $$$"""{"username":"{{{userName}}}","profile":{"givenName":"New","familyName":"Owner"},"email":{"email":"{{{Guid.NewGuid():N}}}@example.com","isVerified":true}}""");
        Assert.Equal(HttpStatusCode.OK, createStatus);
    }

    [Fact]
    public async Task A_user_deletes_themself_but_not_someone_else()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var other = await server.Accounts.CreateHumanAsync();

        var (otherStatus, otherBody) = await SendAsync(HttpMethod.Delete, $"/v2/users/{other.UserId}", user.Token);
        var (selfStatus, _) = await SendAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}", user.Token);

        Assert.Equal((HttpStatusCode.NotFound, "AUTHZ-cdgFk"), (otherStatus, IdOf(otherBody)));
        Assert.Equal(HttpStatusCode.OK, selfStatus);
        var (_, still) = await SendAsync(HttpMethod.Get, $"/v2/users/{other.UserId}", server.Accounts.AdminToken);
        Assert.Equal("USER_STATE_ACTIVE", still.GetProperty("user").GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_login_client_cannot_delete_users()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, body) = await SendAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}", server.Accounts.LoginClientToken);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("AUTH-AWfge", IdOf(body));
    }

    [Fact]
    public async Task Deleting_an_unknown_user_as_an_outsider_says_nothing_about_it()
    {
        var outsider = await server.Accounts.CreateHumanAsync();

        var (unknown, unknownBody) = await SendAsync(HttpMethod.Delete, "/v2/users/123456789", outsider.Token);
        var (known, knownBody) = await SendAsync(HttpMethod.Delete, $"/v2/users/{(await server.Accounts.CreateHumanAsync()).UserId}", outsider.Token);

        Assert.Equal((unknown, IdOf(unknownBody)), (known, IdOf(knownBody)));
    }

    [Fact]
    public async Task A_locked_user_cannot_sign_in_until_unlocked_and_locking_twice_is_refused()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, _) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/lock", server.Accounts.AdminToken, "{}");
        var (twice, twiceBody) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/lock", server.Accounts.AdminToken, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((HttpStatusCode.BadRequest, "COMMAND-lgws8wtsqf"), (twice, IdOf(twiceBody)));
        var (_, read) = await SendAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", server.Accounts.AdminToken);
        Assert.Equal("USER_STATE_LOCKED", read.GetProperty("user").GetProperty("state").GetString());
        var (meStatus, _) = await SendAsync(HttpMethod.Get, "/auth/v1/users/me", user.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, meStatus);
        var (signIn, _) = await SendAsync(HttpMethod.Post, "/v2/sessions", server.Accounts.LoginClientToken,
            $$$$"""{"checks":{"user":{"loginName":"{{{{user.LoginName}}}}"},"password":{"password":"{{{{user.Password}}}}"}}}""");
        Assert.NotEqual(HttpStatusCode.Created, signIn);

        var (unlocked, _) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/unlock", server.Accounts.AdminToken, "{}");
        Assert.Equal(HttpStatusCode.OK, unlocked);
        Assert.False(string.IsNullOrEmpty(await server.Accounts.SignInAsync(user.LoginName, user.Password)));
    }

    [Fact]
    public async Task Skipping_the_second_factor_set_up_is_recorded_for_the_login_to_read()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (before, beforeBody) = await SendAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", server.Accounts.LoginClientToken);
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.False(beforeBody.GetProperty("user").GetProperty("human").TryGetProperty("mfaInitSkipped", out _));

        var (status, _) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/mfa_init_skipped", server.Accounts.LoginClientToken, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, after) = await SendAsync(HttpMethod.Get, $"/v2/users/{user.UserId}", server.Accounts.LoginClientToken);
        var skipped = DateTimeOffset.Parse(after.GetProperty("user").GetProperty("human").GetProperty("mfaInitSkipped").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(skipped, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Skipping_for_a_machine_user_or_an_unknown_user_is_refused()
    {
        var (machineId, _) = await server.Accounts.CreateMachineAsync();

        var (machine, machineBody) = await SendAsync(HttpMethod.Post, $"/v2/users/{machineId}/mfa_init_skipped", server.Accounts.AdminToken, "{}");
        var (unknown, unknownBody) = await SendAsync(HttpMethod.Post, "/v2/users/123456789/mfa_init_skipped", server.Accounts.AdminToken, "{}");

        Assert.Equal((HttpStatusCode.BadRequest, "QUERY-pt7HY"), (machine, IdOf(machineBody)));
        Assert.Equal((HttpStatusCode.NotFound, "COMMAND-auj6jeBei4"), (unknown, IdOf(unknownBody)));
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    public async Task The_calls_answer_alike_over_grpc_and_grpc_web(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync();
        var client = new UserService.UserServiceClient(server.Clients.Channel(protocol));
        var admin = ApiClients.Bearer(server.Accounts.AdminToken);
        var ct = TestContext.Current.CancellationToken;

        await client.HumanMFAInitSkippedAsync(new HumanMFAInitSkippedRequest { UserId = user.UserId }, admin, cancellationToken: ct);
        await client.LockUserAsync(new LockUserRequest { UserId = user.UserId }, admin, cancellationToken: ct);
        var deleted = await client.DeleteUserAsync(new DeleteUserRequest { UserId = user.UserId }, admin, cancellationToken: ct);
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeleteUserAsync(new DeleteUserRequest(), admin, cancellationToken: ct));

        Assert.Equal(user.OrgId, deleted.Details.ResourceOwner);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
    }
}
