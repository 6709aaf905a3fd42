using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Transport;

/// <summary>Bad input gets a clean error with the right code: never a 500, a crash or a hang.</summary>
public abstract class BadInputTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : BadInputTests(server);

    public sealed class OnPostgres(PostgresServer server) : BadInputTests(server);

    private const string FactorPath = "/auth/v1/users/me/auth_factors/otp_email";

    private async Task<(HttpResponseMessage Response, string Text)> SendAsync(HttpRequestMessage request)
    {
        var response = await server.Clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_argument()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (response, text) = await SendAsync(ApiClients.Request(HttpMethod.Post, FactorPath, user.Token, "{not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_body_with_another_content_type_is_read_as_json_like_the_gateway()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var request = ApiClients.Request(HttpMethod.Post, FactorPath, user.Token);
        request.Content = new StringContent("{}");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var (response, _) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_form_body_that_is_not_json_is_an_invalid_argument()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var request = ApiClients.Request(HttpMethod.Post, FactorPath, user.Token);
        request.Content = new StringContent("a=1&b=2");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var (response, text) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var huge = "{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        using var request = ApiClients.Request(HttpMethod.Post, FactorPath, user.Token, huge);
        // As a well-behaved client sends a large body: without waiting for "100 Continue", HttpClient is still writing
        // when the refusal closes the connection, and sometimes reports the broken pipe instead of the 413.
        request.Headers.ExpectContinue = true;
        var (response, _) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_is_not_found_like_the_gateway()
    {
        var (response, text) = await SendAsync(ApiClients.Request(HttpMethod.Get, "/auth/v1/nothing-here"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"code":5,"message":"Not Found"}""", text);
    }

    [Fact]
    public async Task A_wrong_method_is_not_allowed_like_the_gateway()
    {
        var (response, text) = await SendAsync(ApiClients.Request(HttpMethod.Put, "/auth/v1/healthz", json: "{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("""{"code":12,"message":"Method Not Allowed"}""", text);
    }

    [Fact]
    public async Task A_very_long_token_is_just_invalid()
    {
        var (response, text) = await SendAsync(ApiClients.Request(HttpMethod.Get, "/auth/v1/users/me", new string('x', 4000)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("AUTH-7fs1e", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_grpc_frame_gets_a_grpc_error_not_a_crash()
    {
        using var http = new HttpClient { BaseAddress = server.Process.BaseAddress };
        // A frame header announcing 1000 bytes followed by only 3.
        var request = new HttpRequestMessage(HttpMethod.Post, "/zitadel.auth.v1.AuthService/Healthz")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 3, 232, 1, 2, 3]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.GetValues("grpc-status").Single();
        Assert.NotEqual("0", status);
        Assert.NotEqual("2", status);

        // The server is still serving.
        var (health, _) = await SendAsync(ApiClients.Request(HttpMethod.Get, "/auth/v1/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Garbage_protobuf_is_an_invalid_argument_or_internal_but_never_kills_the_server()
    {
        using var http = new HttpClient { BaseAddress = server.Process.BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Post, "/zitadel.auth.v1.AuthService/Healthz")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(server.Process.HasExited);
    }
}
