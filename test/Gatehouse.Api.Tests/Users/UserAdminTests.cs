using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Users;

/// <summary>User v2 administration of OTP Email and authentication methods, with permission checks (docs/acceptance.md §1.3, §4.3).</summary>
public abstract class UserAdminTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : UserAdminTests(server);

    public sealed class OnPostgres(PostgresServer server) : UserAdminTests(server);

    private Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        server.Clients.JsonAsync(method, path, token, json);

    [Fact]
    public async Task An_administrator_adds_and_removes_otp_email_for_a_user()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (added, addedBody) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/otp_email", server.Accounts.AdminToken, "{}");
        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Equal(user.OrgId, addedBody.GetProperty("details").GetProperty("resourceOwner").GetString());
        Assert.True(addedBody.GetProperty("details").TryGetProperty("changeDate", out _));

        var (_, methods) = await SendAsync(HttpMethod.Get, $"/v2/users/{user.UserId}/authentication_methods", server.Accounts.AdminToken);
        Assert.Equal("2", methods.GetProperty("details").GetProperty("totalResult").GetString());
        Assert.Equal(["AUTHENTICATION_METHOD_TYPE_OTP_EMAIL", "AUTHENTICATION_METHOD_TYPE_PASSWORD"],
            methods.GetProperty("authMethodTypes").EnumerateArray().Select(t => t.GetString()));

        var (removed, _) = await SendAsync(HttpMethod.Delete, $"/v2/users/{user.UserId}/otp_email", server.Accounts.AdminToken);
        Assert.Equal(HttpStatusCode.OK, removed);
    }

    [Fact]
    public async Task A_user_adds_otp_email_for_themselves_through_user_v2()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (status, _) = await SendAsync(HttpMethod.Post, $"/v2/users/{user.UserId}/otp_email", user.Token, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Another_plain_user_cannot_add_otp_email_for_someone_else()
    {
        var target = await server.Accounts.CreateHumanAsync();
        var other = await server.Accounts.CreateHumanAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, $"/v2/users/{target.UserId}/otp_email", other.Token, "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("membership not found (AUTHZ-cdgFk)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_administrator_adding_for_an_unknown_user_gets_not_found()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2/users/123456789/otp_email", server.Accounts.AdminToken, "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Errors.NotFound (COMMAND-4g3xq)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_user_has_no_authentication_methods()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v2/users/123456789/authentication_methods", server.Accounts.AdminToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.TryGetProperty("authMethodTypes", out _));
    }
}
