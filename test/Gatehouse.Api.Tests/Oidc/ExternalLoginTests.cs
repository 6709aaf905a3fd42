using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Sessions;
using Grpc.Core;
using Zitadel.Oidc.V2;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// The hand-off to an external login (ZITADEL's Login V2, issue 15 flow 4) on the wire: <c>/oauth/v2/authorize</c>
/// sends the browser to the login with an auth request id, the login reads it (GetAuthRequest) and hands it back once
/// with a session (CreateCallback), and the callback URL ends at the application with a code whose tokens carry the
/// same <c>amr</c>/<c>acr</c> as after the hosted login. Every refusal is named after what it prevents.
/// </summary>
public abstract class ExternalLoginTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteExternalLoginServer server) : ExternalLoginTests(server), IClassFixture<SqliteExternalLoginServer>;

    public sealed class OnPostgres(PostgresExternalLoginServer server) : ExternalLoginTests(server), IClassFixture<PostgresExternalLoginServer>;

    private const string RedirectUri = "https://app.acme.test/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string LoginClient => server.Accounts.LoginClientToken;

    private OIDCService.OIDCServiceClient Oidc(Protocol protocol = Protocol.Grpc) => new(server.Clients.Channel(protocol));

    private SessionSteps Sessions => new(server.Clients, LoginClient);

    [Fact]
    public async Task Authorize_sends_the_browser_to_the_external_login_with_a_v2_auth_request_id()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);

        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri(server.Process.BaseAddress, FormLogin.AuthorizePath(app.ClientId, RedirectUri)), Ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(ExternalLoginServers.LoginBase + "/login?authRequest=V2_", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_authorization_request_still_goes_back_to_the_application_not_to_the_login()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var path = FormLogin.AuthorizePath(app.ClientId, RedirectUri).Replace("&code_challenge_method=S256", "&code_challenge_method=plain", StringComparison.Ordinal);

        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri(server.Process.BaseAddress, path), Ct);

        Assert.StartsWith(RedirectUri, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", FormLogin.Parameter(response.Headers.Location!, "error"));
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task GetAuthRequest_answers_the_fields_of_the_request(Protocol protocol)
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app, "&prompt=select_account&login_hint=alice%40acme.test&ui_locales=de%20en&max_age=3600");

        var answer = await Oidc(protocol).GetAuthRequestAsync(new GetAuthRequestRequest { AuthRequestId = id }, ApiClients.Bearer(LoginClient), cancellationToken: Ct);

        var request = answer.AuthRequest;
        Assert.Equal(id, request.Id);
        Assert.Equal(app.ClientId, request.ClientId);
        Assert.Equal(RedirectUri, request.RedirectUri);
        Assert.Equal(["openid", "profile", "email", "urn:zitadel:iam:org:project:id:zitadel:aud"], request.Scope);
        Assert.Equal([Prompt.SelectAccount], request.Prompt);
        Assert.Equal(["de", "en"], request.UiLocales);
        Assert.Equal("alice@acme.test", request.LoginHint);
        Assert.Equal(TimeSpan.FromHours(1), request.MaxAge.ToTimeSpan());
        Assert.False(request.HasHintUserId);
        Assert.True((DateTimeOffset.UtcNow - request.CreationDate.ToDateTimeOffset()).Duration() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task GetAuthRequest_over_json_has_zitadels_path_and_names()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app, "&prompt=login");

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Get, $"/v2/oidc/auth_requests/{id}", LoginClient);

        Assert.Equal(HttpStatusCode.OK, status);
        var request = body.GetProperty("authRequest");
        Assert.Equal(id, request.GetProperty("id").GetString());
        Assert.Equal(app.ClientId, request.GetProperty("clientId").GetString());
        Assert.Equal(RedirectUri, request.GetProperty("redirectUri").GetString());
        Assert.Equal("PROMPT_LOGIN", request.GetProperty("prompt")[0].GetString());
    }

    [Fact]
    public async Task A_callback_with_an_mfa_complete_session_ends_at_the_app_with_a_code_whose_tokens_say_otp_and_mfa()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var id = await AuthorizeAsync(app, "&acr_values=mfa");
        var (sessionId, token) = await BothFactorsSessionAsync(user);

        var callback = await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);

        Assert.False(string.IsNullOrEmpty(callback.Details.ResourceOwner));
        var back = await FollowAsync(callback.CallbackUrl);
        Assert.StartsWith(RedirectUri + "?", back.ToString(), StringComparison.Ordinal);
        Assert.Equal("s1", FormLogin.Parameter(back, "state"));
        Assert.Equal($"http://localhost:{server.Process.BaseAddress.Port}", FormLogin.Parameter(back, "iss"));
        var tokens = await RedeemAsync(app, back);
        var idToken = RefreshTokenTests.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(user.UserId, idToken.GetProperty("sub").GetString());
        Assert.Equal(sessionId, idToken.GetProperty("sid").GetString());
        Assert.Equal(["pwd", "otp", "mfa"], idToken.GetProperty("amr").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("mfa", idToken.GetProperty("acr").GetString());
        Assert.Equal("n1", idToken.GetProperty("nonce").GetString());
        Assert.True(idToken.TryGetProperty("auth_time", out _));
        // The access token is a bearer token for the API, as after the hosted login.
        Assert.Equal(HttpStatusCode.OK, await RefreshTokenTests.StatusAsync(server.Clients.Rest, "/auth/v1/users/me", tokens.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task A_password_only_sign_in_gets_a_code_with_amr_pwd_when_nothing_asks_for_a_second_factor()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(user);

        var callback = await Oidc(Protocol.GrpcWeb).CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);

        var tokens = await RedeemAsync(app, await FollowAsync(callback.CallbackUrl));
        var idToken = RefreshTokenTests.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(["pwd"], idToken.GetProperty("amr").EnumerateArray().Select(a => a.GetString()!));
        Assert.False(idToken.TryGetProperty("acr", out _));
    }

    [Fact]
    public async Task A_second_callback_for_one_request_fails_with_failed_precondition_so_a_request_gives_one_code()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(user);
        await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("COMMAND-Sx208nt", DetailId(error));
        var failed = await Assert.ThrowsAsync<RpcException>(async () => await Oidc().CreateCallbackAsync(
            new CreateCallbackRequest { AuthRequestId = id, Error = new AuthorizationError { Error = ErrorReason.AccessDenied } },
            ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        Assert.Equal(StatusCode.FailedPrecondition, failed.StatusCode);
    }

    [Fact]
    public async Task The_callback_url_works_once_so_a_leaked_url_gives_no_second_code()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(user);
        var callback = await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);
        Assert.NotNull(FormLogin.Parameter(await FollowAsync(callback.CallbackUrl), "code"));

        var again = await FollowAsync(callback.CallbackUrl);

        Assert.StartsWith(RedirectUri, again.ToString(), StringComparison.Ordinal);
        Assert.Null(FormLogin.Parameter(again, "code"));
        Assert.Equal("invalid_request", FormLogin.Parameter(again, "error"));
    }

    [Fact]
    public async Task A_callback_url_with_changed_parameters_is_refused_so_it_cannot_be_bent_to_another_request()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(user);
        var callback = await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);

        var bent = await FollowAsync(callback.CallbackUrl.Replace("state=s1", "state=other", StringComparison.Ordinal));

        Assert.Null(FormLogin.Parameter(bent, "code"));
        Assert.Equal("invalid_request", FormLogin.Parameter(bent, "error"));
    }

    [Fact]
    public async Task A_password_only_session_cannot_finish_a_request_that_asks_for_a_second_factor()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        var id = await AuthorizeAsync(app, "&acr_values=mfa");
        var (sessionId, token) = await PasswordSessionAsync(user);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("OIDC-arMfa", DetailId(error));
    }

    [Fact]
    public async Task A_password_only_session_of_a_user_with_otp_email_is_refused_until_the_code_is_checked()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var id = await AuthorizeAsync(app);
        var (status, created) = await Sessions.StartAsync(user);
        Assert.Equal(HttpStatusCode.Created, status);
        var sessionId = created.GetProperty("sessionId").GetString()!;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Oidc().CreateCallbackAsync(
            SessionCallback(id, sessionId, created.GetProperty("sessionToken").GetString()!), ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        Assert.Equal("OIDC-arMfa", DetailId(error));

        // The refusal left the request open: the login asks for the code and calls again.
        var (_, checkedBody) = await Sessions.CheckAsync(sessionId, created.GetProperty("challenges").GetProperty("otpEmail").GetString()!);
        var callback = await Oidc().CreateCallbackAsync(
            SessionCallback(id, sessionId, checkedBody.GetProperty("sessionToken").GetString()!), ApiClients.Bearer(LoginClient), cancellationToken: Ct);
        var idToken = RefreshTokenTests.Payload((await RedeemAsync(app, await FollowAsync(callback.CallbackUrl))).GetProperty("id_token").GetString()!);
        Assert.Equal(["pwd", "otp", "mfa"], idToken.GetProperty("amr").EnumerateArray().Select(a => a.GetString()!));
    }

    [Fact]
    public async Task An_application_registered_with_require_mfa_refuses_a_password_only_session()
    {
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken, new JsonObject
        {
            ["name"] = "Needs MFA", ["confidential"] = true, ["requireMfa"] = true, ["redirectUris"] = new JsonArray(RedirectUri),
        }.ToJsonString(), HttpStatusCode.Created);
        var app = new RefreshTokenTests.App(created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct));

        Assert.Equal("OIDC-arMfa", DetailId(error));
    }

    [Fact]
    public async Task A_wrong_session_token_is_refused_so_a_login_cannot_hand_over_a_session_it_does_not_hold()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app);
        var (sessionId, _) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());
        var (_, otherToken) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, otherToken), ApiClients.Bearer(LoginClient), cancellationToken: Ct));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("COMMAND-sGr42", DetailId(error));
    }

    [Fact]
    public async Task A_terminated_session_is_refused_so_a_signed_out_user_is_not_signed_in_again()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());
        var (deleted, _) = await Sessions.SendAsync(HttpMethod.Delete, $"/v2/sessions/{sessionId}", "{}");
        Assert.Equal(HttpStatusCode.OK, deleted);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task A_session_ended_between_callback_and_redirect_gives_the_application_no_code()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());
        var callback = await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);
        await Sessions.SendAsync(HttpMethod.Delete, $"/v2/sessions/{sessionId}", "{}");

        var back = await FollowAsync(callback.CallbackUrl);

        Assert.Null(FormLogin.Parameter(back, "code"));
        Assert.Equal("login_required", FormLogin.Parameter(back, "error"));
    }

    [Fact]
    public async Task An_organization_scope_admits_users_of_that_organization_and_the_login_reads_it()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        var scope = $"openid urn:zitadel:iam:org:id:{user.OrgId}";
        var id = await AuthorizePathAsync(FormLogin.AuthorizePath(app.ClientId, RedirectUri, scope));
        var (sessionId, token) = await PasswordSessionAsync(user);

        var answer = await Oidc().GetAuthRequestAsync(new GetAuthRequestRequest { AuthRequestId = id }, ApiClients.Bearer(LoginClient), cancellationToken: Ct);
        var callback = await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);

        Assert.Contains($"urn:zitadel:iam:org:id:{user.OrgId}", answer.AuthRequest.Scope);
        Assert.NotNull(FormLogin.Parameter(await FollowAsync(callback.CallbackUrl), "code"));
    }

    [Fact]
    public async Task An_unknown_organization_goes_back_to_the_application_before_the_login_sees_the_request()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);

        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri(server.Process.BaseAddress,
            FormLogin.AuthorizePath(app.ClientId, RedirectUri, "openid urn:zitadel:iam:org:id:no-such-org")), Ct);

        Assert.StartsWith(RedirectUri, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", FormLogin.Parameter(response.Headers.Location!, "error"));
    }

    [Fact]
    public async Task A_users_own_session_token_may_neither_read_nor_finish_auth_requests()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app);
        var (sessionId, token) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());

        var read = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().GetAuthRequestAsync(new GetAuthRequestRequest { AuthRequestId = id }, ApiClients.Bearer(token), cancellationToken: Ct));
        var link = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(token), cancellationToken: Ct));

        Assert.Contains(read.StatusCode, new[] { StatusCode.PermissionDenied, StatusCode.NotFound });
        Assert.Contains(link.StatusCode, new[] { StatusCode.PermissionDenied, StatusCode.NotFound });
        Assert.Equal("AUTHZ-cdgFk", DetailId(link));
        // The request is still open for the login client.
        await Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct);
    }

    [Fact]
    public async Task Unknown_ids_answer_not_found_with_zitadels_error_ids()
    {
        var get = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().GetAuthRequestAsync(new GetAuthRequestRequest { AuthRequestId = "V2_1234" }, ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        var (sessionId, token) = await PasswordSessionAsync(await server.Accounts.CreateHumanAsync());
        var create = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback("V2_1234", sessionId, token), ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Get, "/v2/oidc/auth_requests/V2_1234", LoginClient);

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal("QUERY-Thee9", DetailId(get));
        Assert.Equal(StatusCode.NotFound, create.StatusCode);
        Assert.Equal("COMMAND-jae5P", DetailId(create));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("QUERY-Thee9", SessionSteps.IdOf(body));
    }

    [Fact]
    public async Task Bad_input_gets_invalid_argument_never_a_server_error()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app);

        var empty = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().GetAuthRequestAsync(new GetAuthRequestRequest(), ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        var noSession = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(SessionCallback(id, "", ""), ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        var noKind = await Assert.ThrowsAsync<RpcException>(async () =>
            await Oidc().CreateCallbackAsync(new CreateCallbackRequest { AuthRequestId = id }, ApiClients.Bearer(LoginClient), cancellationToken: Ct));
        var (status, _) = await server.Clients.JsonAsync(HttpMethod.Post, $"/v2/oidc/auth_requests/{id}", LoginClient, """{"session":{"sessionId":"x","sessionToken":"y"}""");

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noSession.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, noKind.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task An_error_callback_sends_the_error_to_the_application_with_state_and_iss()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app, "&prompt=none");

        var (status, body) = await server.Clients.JsonAsync(HttpMethod.Post, $"/v2/oidc/auth_requests/{id}", LoginClient,
            """{"error":{"error":"ERROR_REASON_LOGIN_REQUIRED","errorDescription":"nobody is signed in"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var back = await FollowAsync(body.GetProperty("callbackUrl").GetString()!);
        Assert.StartsWith(RedirectUri + "?", back.ToString(), StringComparison.Ordinal);
        Assert.Equal("login_required", FormLogin.Parameter(back, "error"));
        Assert.Equal("nobody is signed in", FormLogin.Parameter(back, "error_description"));
        Assert.Equal("s1", FormLogin.Parameter(back, "state"));
        Assert.NotNull(FormLogin.Parameter(back, "iss"));
        Assert.Null(FormLogin.Parameter(back, "code"));
    }

    [Fact]
    public async Task Zitadels_host_headers_are_accepted_and_change_nothing_on_one_instance()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var id = await AuthorizeAsync(app);
        var headers = ApiClients.Bearer(LoginClient);
        headers.Add("x-zitadel-public-host", "login.acme.test");
        headers.Add("x-zitadel-instance-host", "gatehouse.acme.test");

        var answer = await Oidc().GetAuthRequestAsync(new GetAuthRequestRequest { AuthRequestId = id }, headers, cancellationToken: Ct);

        Assert.Equal(id, answer.AuthRequest.Id);
    }

    [Fact]
    public async Task Duende_oidc_client_signs_in_through_the_external_login_and_validates_the_id_token()
    {
        var issuer = $"http://localhost:{server.Process.BaseAddress.Port}";
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await SessionSteps.UserWithOtpEmailAsync(server.Accounts, server.Clients);
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = issuer,
            ClientId = app.ClientId,
            ClientSecret = app.Secret,
            RedirectUri = RedirectUri,
            Scope = "openid profile email",
            Browser = new LoginV2Browser(this, user),
            LoadProfile = true,
        });

        var result = await client.LoginAsync(new LoginRequest { FrontChannelExtraParameters = new() { { "acr_values", "mfa" } } }, Ct);

        Assert.False(result.IsError, result.Error + " " + result.ErrorDescription);
        Assert.Equal(user.UserId, result.User.FindFirst("sub")?.Value);
        var idToken = RefreshTokenTests.Payload(result.IdentityToken);
        Assert.Equal(["pwd", "otp", "mfa"], idToken.GetProperty("amr").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("mfa", idToken.GetProperty("acr").GetString());
    }

    /// <summary>The library's browser, doing what Login V2 does between the two redirects.</summary>
    private sealed class LoginV2Browser(ExternalLoginTests test, TestUser user) : IBrowser
    {
        public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
        {
            var id = await test.AuthorizePathAsync(options.StartUrl);
            var (sessionId, token) = await test.BothFactorsSessionAsync(user);
            var callback = await test.Oidc().CreateCallbackAsync(SessionCallback(id, sessionId, token), ApiClients.Bearer(test.LoginClient),
                cancellationToken: cancellationToken);
            return new BrowserResult { ResultType = BrowserResultType.Success, Response = (await FollowAsync(callback.CallbackUrl)).ToString() };
        }
    }

    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private Task<string> AuthorizeAsync(RefreshTokenTests.App app, string extra = "") =>
        AuthorizePathAsync(FormLogin.AuthorizePath(app.ClientId, RedirectUri) + extra);

    private async Task<string> AuthorizePathAsync(string path)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri(server.Process.BaseAddress, path), Ct);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(ExternalLoginServers.LoginBase, location.ToString(), StringComparison.Ordinal);
        return FormLogin.Parameter(location, "authRequest")!;
    }

    /// <summary>The browser follows the callback URL to Gatehouse and is sent on to the application.</summary>
    private static async Task<Uri> FollowAsync(string callbackUrl)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri(callbackUrl), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return response.Headers.Location!;
    }

    private async Task<(string Id, string Token)> PasswordSessionAsync(TestUser user)
    {
        var (status, body) = await Sessions.SendAsync(HttpMethod.Post, "/v2/sessions",
            JsonSerializer.Serialize(new { checks = new { user = new { loginName = user.LoginName }, password = new { password = user.Password } } }));
        Assert.Equal(HttpStatusCode.Created, status);
        return (body.GetProperty("sessionId").GetString()!, body.GetProperty("sessionToken").GetString()!);
    }

    private async Task<(string Id, string Token)> BothFactorsSessionAsync(TestUser user)
    {
        var (status, created) = await Sessions.StartAsync(user);
        Assert.Equal(HttpStatusCode.Created, status);
        var sessionId = created.GetProperty("sessionId").GetString()!;
        var (checkedStatus, checkedBody) = await Sessions.CheckAsync(sessionId, created.GetProperty("challenges").GetProperty("otpEmail").GetString()!);
        Assert.Equal(HttpStatusCode.OK, checkedStatus);
        return (sessionId, checkedBody.GetProperty("sessionToken").GetString()!);
    }

    private static CreateCallbackRequest SessionCallback(string id, string sessionId, string token) =>
        new() { AuthRequestId = id, Session = new Session { SessionId = sessionId, SessionToken = token } };

    private async Task<JsonElement> RedeemAsync(RefreshTokenTests.App app, Uri back)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret,
            ["code"] = FormLogin.Parameter(back, "code") ?? throw new InvalidOperationException($"no code in {back}"),
            ["redirect_uri"] = RedirectUri, ["code_verifier"] = FormLogin.Verifier,
        });
        using var response = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static string DetailId(RpcException error) =>
        Assert.Single(error.GetRpcStatus()!.Details).Unpack<Zitadel.V1.ErrorDetail>().Id;
}
