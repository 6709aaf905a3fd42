using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;

namespace Gatehouse.Api.Tests.Users;

/// <summary>AddMyAuthFactorOTPEmail and friends over JSON, asserted on the wire (docs/acceptance.md §1.5).</summary>
public abstract class OtpEmailRestTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : OtpEmailRestTests(server);

    public sealed class OnPostgres(PostgresServer server) : OtpEmailRestTests(server);

    private const string FactorPath = "/auth/v1/users/me/auth_factors/otp_email";

    private HttpClient Rest => server.Clients.Rest;

    /// <summary>Once the user has OTP Email, changing the account needs a session that checked the code too.</summary>
    private Task<string> FullTokenAsync(TestUser user) =>
        new SessionSteps(server.Clients, server.Accounts.LoginClientToken).SignInWithBothFactorsAsync(user);

    private async Task<(HttpResponseMessage Response, JsonElement Body, string Text)> SendAsync(HttpMethod method, string path, string? token,
        string? json = "{}", string? language = null)
    {
        var request = ApiClients.Request(method, path, token, json);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await Rest.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement, text);
    }

    private static void AssertZitadelError(JsonElement body, int code, string id, string message)
    {
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.Equal($"{message} ({id})", body.GetProperty("message").GetString());
        var detail = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/zitadel.v1.ErrorDetail", detail.GetProperty("@type").GetString());
        Assert.Equal(id, detail.GetProperty("id").GetString());
        Assert.Equal(message, detail.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Adding_with_a_verified_email_answers_with_zitadel_details()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (response, body, text) = await SendAsync(HttpMethod.Post, FactorPath, user.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var details = body.GetProperty("details");
        Assert.Equal(JsonValueKind.String, details.GetProperty("sequence").ValueKind);
        Assert.True(long.Parse(details.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 3);
        Assert.Equal(user.OrgId, details.GetProperty("resourceOwner").GetString());
        var created = details.GetProperty("creationDate").GetString()!;
        Assert.EndsWith("Z", created, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
        Assert.Equal(created, details.GetProperty("changeDate").GetString());
        Assert.Equal(["details"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Adding_twice_is_a_conflict_with_already_ready()
    {
        var user = await server.Accounts.CreateHumanAsync();
        await SendAsync(HttpMethod.Post, FactorPath, user.Token);
        var (response, body, _) = await SendAsync(HttpMethod.Post, FactorPath, await FullTokenAsync(user));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        AssertZitadelError(body, 6, "COMMAND-MKL2s", "Multifactor OTP (OneTimePassword) is already set up");
    }

    [Fact]
    public async Task Adding_without_a_verified_email_is_a_failed_precondition()
    {
        var user = await server.Accounts.CreateHumanAsync(verified: false);
        var (response, body, _) = await SendAsync(HttpMethod.Post, FactorPath, user.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertZitadelError(body, 9, "COMMAND-KLJ2d", "Multifactor OTP (OneTimePassword) isn't ready");
    }

    [Fact]
    public async Task German_is_answered_when_asked_for()
    {
        var user = await server.Accounts.CreateHumanAsync();
        await SendAsync(HttpMethod.Post, FactorPath, user.Token);
        var (_, body, _) = await SendAsync(HttpMethod.Post, FactorPath, await FullTokenAsync(user), language: "de");

        AssertZitadelError(body, 6, "COMMAND-MKL2s", "Multifaktor OTP (OneTimePassword) ist bereits eingerichtet");
    }

    [Fact]
    public async Task An_empty_body_is_treated_as_an_empty_object()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (response, _, _) = await SendAsync(HttpMethod.Post, FactorPath, user.Token, json: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (response, _, _) = await SendAsync(HttpMethod.Post, FactorPath, user.Token, json: """{"whatever":1,"nested":{"a":[1,2]}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Listing_shows_the_factor_after_adding_and_nothing_after_removing()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (_, before, beforeText) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", user.Token);
        Assert.Equal("{}", beforeText);

        await SendAsync(HttpMethod.Post, FactorPath, user.Token);
        var (_, listed, _) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", user.Token);
        var factor = Assert.Single(listed.GetProperty("result").EnumerateArray());
        Assert.Equal("AUTH_FACTOR_STATE_READY", factor.GetProperty("state").GetString());
        Assert.Equal("{}", factor.GetProperty("otpEmail").GetRawText());

        var full = await FullTokenAsync(user);
        await SendAsync(HttpMethod.Delete, FactorPath, full, json: null);
        var (_, _, afterText) = await SendAsync(HttpMethod.Post, "/auth/v1/users/me/auth_factors/_search", full);
        Assert.Equal("{}", afterText);
        _ = before;
    }

    [Fact]
    public async Task Removing_an_absent_factor_is_not_found()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (response, body, _) = await SendAsync(HttpMethod.Delete, FactorPath, user.Token, json: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertZitadelError(body, 5, "COMMAND-b312D", "Multifactor OTP (OneTimePassword) doesn't exist");
    }

    [Fact]
    public async Task Removing_answers_with_a_change_date_and_a_later_sequence()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var (_, added, _) = await SendAsync(HttpMethod.Post, FactorPath, user.Token);
        var (response, removed, _) = await SendAsync(HttpMethod.Delete, FactorPath, await FullTokenAsync(user), json: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = removed.GetProperty("details");
        Assert.False(details.TryGetProperty("creationDate", out _));
        Assert.True(details.TryGetProperty("changeDate", out _));
        Assert.True(long.Parse(details.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(added.GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_machine_user_with_its_token_has_no_verified_email()
    {
        var (_, token) = await server.Accounts.CreateMachineAsync();
        var (response, body, _) = await SendAsync(HttpMethod.Post, FactorPath, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertZitadelError(body, 9, "COMMAND-KLJ2d", "Multifactor OTP (OneTimePassword) isn't ready");
    }

    [Fact]
    public async Task A_missing_authorization_header_is_unauthenticated_without_details()
    {
        var (response, _, text) = await SendAsync(HttpMethod.Post, FactorPath, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"code":16,"message":"auth header missing"}""", text);
        Assert.Equal("auth header missing", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_garbage_token_is_invalid_even_in_german()
    {
        var (response, body, _) = await SendAsync(HttpMethod.Post, FactorPath, "garbage", language: "de");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertZitadelError(body, 16, "AUTH-7fs1e", "Errors.Token.Invalid");
    }

    [Fact]
    public async Task A_header_without_bearer_is_an_invalid_auth_header()
    {
        var request = ApiClients.Request(HttpMethod.Post, FactorPath, json: "{}");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic abc");
        var response = await Rest.SendAsync(request, TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertZitadelError(body, 16, "AUTH-toLo1", "invalid auth header");
    }

    [Fact]
    public async Task Healthz_needs_no_token()
    {
        var (response, _, text) = await SendAsync(HttpMethod.Get, "/auth/v1/healthz", token: null, json: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", text);
    }

    [Fact]
    public async Task Two_concurrent_adds_for_one_user_let_exactly_one_succeed()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(HttpMethod.Post, FactorPath, user.Token)));

        // The losers fail as already set up, or — authenticated after the winner committed — as a password-only
        // session of a user who now has a second factor.
        Assert.Equal(1, results.Count(r => r.Response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, results.Count(r => r.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden));
    }
}
