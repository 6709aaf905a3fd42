using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// The OpenID Connect provider on the wire, without a browser: applications registered through the admin API,
/// codes redeemed once, PKCE S256 only, exact redirect URIs, the ZITADEL API audience, revocation, and MFA policy.
/// The same tests run on SQLite and on PostgreSQL, since the OIDC tables are ours.
/// </summary>
public abstract class OidcProtocolTests(IGatehouseServer server)
{
    private const string RedirectUri = "https://app.acme.test/callback";

    [Fact]
    public async Task A_registered_application_redeems_its_code_once_and_the_token_calls_the_api_until_revoked()
    {
        var clientId = await RegisterAsync(requireMfa: false);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);

        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);

        Assert.StartsWith(RedirectUri, back.ToString(), StringComparison.Ordinal);
        Assert.Equal("s1", FormLogin.Parameter(back, "state"));
        var code = FormLogin.Parameter(back, "code")!;
        var (status, tokens) = await RedeemAsync(clientId, code);
        Assert.Equal(HttpStatusCode.OK, status);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var idToken = Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(user.UserId, idToken.GetProperty("sub").GetString());
        Assert.Equal("pwd", idToken.GetProperty("amr")[0].GetString());

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", accessToken));
        using (var userInfo = await GetAsync("/oidc/v1/userinfo", accessToken))
        {
            Assert.Equal(user.LoginName, JsonDocument.Parse(await userInfo.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("preferred_username").GetString());
        }

        using (var revoke = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = clientId, ["token"] = accessToken }))
        {
            using var revoked = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/revoke", UriKind.Relative), revoke, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", accessToken));
        using var afterRevoke = await GetAsync("/oidc/v1/userinfo", accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);

        var (replayStatus, replay) = await RedeemAsync(clientId, code);
        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("invalid_grant", replay.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_issuer_is_exactly_the_configured_one_without_a_trailing_slash_in_discovery_tokens_and_the_redirect()
    {
        // The shared server leaves Oidc:Issuer unset, so the issuer is the default for its port; clients such as
        // ZITADEL's Go library and coreos/go-oidc compare it byte for byte and refused "…/" before.
        var issuer = $"http://localhost:{server.Process.BaseAddress.Port}";
        using var discovery = await server.Clients.Rest.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), TestContext.Current.CancellationToken);
        var metadata = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(issuer, metadata.GetProperty("issuer").GetString());

        var clientId = await RegisterAsync(requireMfa: false);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);
        Assert.Equal(issuer, FormLogin.Parameter(back, "iss"));
        var (_, tokens) = await RedeemAsync(clientId, FormLogin.Parameter(back, "code")!);
        Assert.Equal(issuer, Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("iss").GetString());
        Assert.Equal(issuer, Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("iss").GetString());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", tokens.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task Discovery_does_not_offer_unauthenticated_introspection_which_the_endpoint_refuses()
    {
        using var discovery = await server.Clients.Rest.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), TestContext.Current.CancellationToken);
        var metadata = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(["client_secret_basic", "client_secret_post"],
            metadata.GetProperty("introspection_endpoint_auth_methods_supported").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains("none", metadata.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_token_without_the_zitadel_api_scope_is_not_a_bearer_token_for_the_api()
    {
        var clientId = await RegisterAsync(requireMfa: false);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri, "openid profile"), user.LoginName, user.Password);
        var (_, tokens) = await RedeemAsync(clientId, FormLogin.Parameter(back, "code")!);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", tokens.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task Unregistered_redirect_uris_unknown_clients_and_plain_pkce_are_refused_without_redirecting()
    {
        var clientId = await RegisterAsync(requireMfa: false);
        using var login = new FormLogin(server.Process.BaseAddress);

        foreach (var path in new[]
        {
            FormLogin.AuthorizePath(clientId, "https://evil.example/callback"),
            FormLogin.AuthorizePath("no-such-client", RedirectUri),
            FormLogin.AuthorizePath(clientId, RedirectUri).Replace("code_challenge_method=S256", "code_challenge_method=plain", StringComparison.Ordinal),
        })
        {
            using var response = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
            var location = response.Headers.Location?.ToString();
            Assert.True(
                response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                    || (location?.StartsWith(RedirectUri, StringComparison.Ordinal) == true && location.Contains("error=", StringComparison.Ordinal)),
                $"{path}: {(int)response.StatusCode} {location}");
            Assert.False(response.Headers.Location?.ToString().Contains("evil.example", StringComparison.Ordinal) == true);
        }
    }

    [Theory]
    [InlineData("&code_challenge={0}&code_challenge_method=S256", "", "invalid_request")]
    [InlineData("code_challenge_method=S256", "code_challenge_method=plain", "invalid_request")]
    [InlineData("response_type=code", "response_type=bogus", "unsupported_response_type")]
    public async Task Request_errors_after_a_known_client_and_redirect_uri_go_back_to_the_application_with_state_and_iss(
        string replace, string with, string error)
    {
        // Before, OpenIddict answered these with a text page, so the application never learned what happened.
        var clientId = await RegisterAsync(requireMfa: false);
        using var login = new FormLogin(server.Process.BaseAddress);
        var path = FormLogin.AuthorizePath(clientId, RedirectUri).Replace(string.Format(System.Globalization.CultureInfo.InvariantCulture, replace, FormLogin.Challenge), with, StringComparison.Ordinal);

        using var response = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, back.ToString(), StringComparison.Ordinal);
        Assert.Equal(error, FormLogin.Parameter(back, "error"));
        Assert.Equal("s1", FormLogin.Parameter(back, "state"));
        Assert.Equal($"http://localhost:{server.Process.BaseAddress.Port}", FormLogin.Parameter(back, "iss"));
    }

    [Fact]
    public async Task Scopes_gatehouse_does_not_serve_are_ignored_instead_of_failing_the_sign_in()
    {
        // ZITADEL's applications ask for these routinely; before, each one failed the sign-in with invalid_scope.
        var clientId = await RegisterAsync(requireMfa: false);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        const string scope = "openid email phone address offline_access urn:zitadel:iam:org:project:roles urn:zitadel:iam:user:metadata "
            + "urn:zitadel:iam:org:project:id:zitadel:aud urn:example:not-served urn:zitadel:iam:org:id:";

        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri, scope), user.LoginName, user.Password);

        Assert.Null(FormLogin.Parameter(back, "error"));
        var (status, tokens) = await RedeemAsync(clientId, FormLogin.Parameter(back, "code")!);
        Assert.Equal(HttpStatusCode.OK, status);
        var granted = Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("scope").ToString();
        Assert.Contains("email", granted, StringComparison.Ordinal);
        Assert.Contains("phone", granted, StringComparison.Ordinal);
        Assert.Contains("address", granted, StringComparison.Ordinal);
        Assert.DoesNotContain("urn:example:not-served", granted, StringComparison.Ordinal);
        Assert.DoesNotContain("urn:zitadel:iam:org:id:", granted, StringComparison.Ordinal);
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", tokens.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task A_sign_in_older_than_max_age_is_repeated_instead_of_issuing_a_code_with_the_old_auth_time()
    {
        var clientId = await RegisterAsync(requireMfa: false);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);

        using var recent = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri) + "&max_age=3600"));
        Assert.StartsWith(RedirectUri, recent.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var stale = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri) + "&max_age=0"));
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/ui/login?returnUrl=", stale.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("max_age", Uri.UnescapeDataString(stale.Headers.Location!.ToString()), StringComparison.Ordinal);

        using var silent = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri) + "&max_age=0&prompt=none"));
        Assert.Equal("login_required", FormLogin.Parameter(silent.Headers.Location!, "error"));
    }

    [Fact]
    public async Task An_application_that_requires_a_second_factor_stops_users_who_have_none()
    {
        var clientId = await RegisterAsync(requireMfa: true);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);

        var stopped = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);

        Assert.StartsWith("/ui/mfa-missing", stopped.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_code_revokes_the_access_token_issued_from_it_at_userinfo_introspection_and_the_api()
    {
        // Before, the replay was refused but the first redemption's token kept working (RFC 6749 §4.1.2 asks to revoke it).
        var (clientId, secret) = await RegisterConfidentialAsync();
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);
        var code = FormLogin.Parameter(back, "code")!;
        var (status, tokens) = await RedeemAsync(clientId, code, secret);
        Assert.Equal(HttpStatusCode.OK, status);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", accessToken));
        Assert.True((await IntrospectAsync(clientId, secret, accessToken)).GetProperty("active").GetBoolean());

        var (replayStatus, replay) = await RedeemAsync(clientId, code, secret);

        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("invalid_grant", replay.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", accessToken));
        using (var userInfo = await GetAsync("/oidc/v1/userinfo", accessToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        }

        Assert.False((await IntrospectAsync(clientId, secret, accessToken)).GetProperty("active").GetBoolean());

        // Another sign-in of the same user and application is a grant of its own and unaffected.
        using var again = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri)));
        var (_, fresh) = await RedeemAsync(clientId, FormLogin.Parameter(again.Headers.Location!, "code")!, secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", fresh.GetProperty("access_token").GetString()!));
    }

    [Theory]
    [InlineData("/oauth/v2/introspect")]
    [InlineData("/oauth/v2/revoke")]
    public async Task A_caller_without_client_credentials_cannot_learn_whether_a_token_is_valid(string endpoint)
    {
        // Before, OpenIddict checked the token before we checked the client: a made-up token got 200 and a live one 401,
        // so anyone could test stolen or guessed tokens without credentials.
        var (clientId, secret) = await RegisterConfidentialAsync();
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);
        var (_, tokens) = await RedeemAsync(clientId, FormLogin.Parameter(back, "code")!, secret);
        var liveToken = tokens.GetProperty("access_token").GetString()!;

        foreach (var credentials in new[] { new Dictionary<string, string>(), new() { ["client_id"] = clientId } })
        {
            var live = await PostFormAsync(endpoint, new(credentials) { ["token"] = liveToken });
            var madeUp = await PostFormAsync(endpoint, new(credentials) { ["token"] = "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl" });

            Assert.Equal(HttpStatusCode.Unauthorized, live.Status);
            Assert.Equal(live, madeUp);
        }

        Assert.True((await IntrospectAsync(clientId, secret, liveToken)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Prompt_none_while_the_second_factor_is_missing_answers_interaction_required_at_the_redirect_uri()
    {
        // Before, the application got login_required although the user is signed in and only has to finish the sign-in.
        var clientId = await RegisterAsync(requireMfa: true);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        Assert.StartsWith("/ui/mfa-missing", (await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password)).ToString(),
            StringComparison.Ordinal);

        using var silent = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri) + "&prompt=none"));

        Assert.Equal(HttpStatusCode.Redirect, silent.StatusCode);
        Assert.StartsWith(RedirectUri, silent.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("interaction_required", FormLogin.Parameter(silent.Headers.Location!, "error"));
        Assert.Equal("s1", FormLogin.Parameter(silent.Headers.Location!, "state"));

        // Not signed in at all is still login_required.
        using var stranger = new FormLogin(server.Process.BaseAddress);
        using var anonymous = await stranger.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri) + "&prompt=none"));
        Assert.Equal("login_required", FormLogin.Parameter(anonymous.Headers.Location!, "error"));
    }

    [Fact]
    public async Task Discovery_lists_the_acr_values_and_the_id_token_names_the_acr_met_only_when_the_application_asked()
    {
        using var discovery = await server.Clients.Rest.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), TestContext.Current.CancellationToken);
        var metadata = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(["mfa", "http://schemas.openid.net/pape/policies/2007/06/multi-factor", "0"],
            metadata.GetProperty("acr_values_supported").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("acr", metadata.GetProperty("claims_supported").EnumerateArray().Select(v => v.GetString()));

        var clientId = await RegisterAsync(requireMfa: false);
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var plain = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);
        var (_, tokens) = await RedeemAsync(clientId, FormLogin.Parameter(plain, "code")!);
        Assert.False(Payload(tokens.GetProperty("id_token").GetString()!).TryGetProperty("acr", out _));

        // A password-only sign-in meets only "0"; an unknown value is ignored rather than refused.
        using var asked = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            FormLogin.AuthorizePath(clientId, RedirectUri) + "&acr_values=" + Uri.EscapeDataString("urn:example:loa:3 0")));
        var (_, withAcr) = await RedeemAsync(clientId, FormLogin.Parameter(asked.Headers.Location!, "code")!);
        Assert.Equal("0", Payload(withAcr.GetProperty("id_token").GetString()!).GetProperty("acr").GetString());
    }

    [Fact]
    public async Task Zitadel_reserved_scopes_give_zitadel_claims_a_project_audience_and_an_empty_metadata_object()
    {
        // Before, these scopes were dropped: no resourceowner name or domain, no metadata claim, no project audience.
        var (clientId, secret) = await RegisterConfidentialAsync();
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var scope = string.Join(' ', "openid profile phone address", "urn:zitadel:iam:user:resourceowner", "urn:zitadel:iam:user:metadata",
            "urn:zitadel:iam:org:project:id:proj42:aud", "urn:zitadel:iam:org:project:role:admin", "urn:zitadel:iam:org:projects:roles",
            $"urn:zitadel:iam:org:id:{user.OrgId}", "urn:zitadel:iam:org:domain:primary:Gatehouse.localhost");

        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri, scope), user.LoginName, user.Password);

        Assert.Null(FormLogin.Parameter(back, "error"));
        var (status, tokens) = await RedeemAsync(clientId, FormLogin.Parameter(back, "code")!, secret);
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = Payload(tokens.GetProperty("id_token").GetString()!);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        using var userInfoResponse = await GetAsync("/oidc/v1/userinfo", accessToken);
        var userInfo = JsonDocument.Parse(await userInfoResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        foreach (var claims in new[] { idToken, Payload(accessToken), userInfo })
        {
            Assert.Equal(user.OrgId, claims.GetProperty("urn:zitadel:iam:user:resourceowner:id").GetString());
            Assert.Equal("Gatehouse", claims.GetProperty("urn:zitadel:iam:user:resourceowner:name").GetString());
            Assert.Equal("gatehouse.localhost", claims.GetProperty("urn:zitadel:iam:user:resourceowner:primary_domain").GetString());
            Assert.Equal("gatehouse.localhost", claims.GetProperty("urn:zitadel:iam:org:domain:primary").GetString());
            var metadata = claims.GetProperty("urn:zitadel:iam:user:metadata");
            Assert.Equal(JsonValueKind.Object, metadata.ValueKind);
            Assert.Empty(metadata.EnumerateObject());
            Assert.False(claims.TryGetProperty("urn:zitadel:iam:org:project:roles", out _));
        }

        // The project joins the access token's audience; without ZITADEL's API audience it is no bearer token for the API.
        var audience = Payload(accessToken).GetProperty("aud");
        Assert.Contains("proj42", audience.ValueKind == JsonValueKind.Array ? audience.EnumerateArray().Select(a => a.GetString()) : [audience.GetString()]);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/auth/v1/users/me", accessToken));
        Assert.True((await IntrospectAsync(clientId, secret, accessToken)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("urn:zitadel:iam:org:id:no-such-org")]
    [InlineData("urn:zitadel:iam:org:domain:primary:no-such-org.localhost")]
    public async Task An_organization_the_request_names_that_does_not_exist_is_refused_at_the_redirect_uri_before_any_sign_in(string orgScope)
    {
        var clientId = await RegisterAsync(requireMfa: false);
        using var login = new FormLogin(server.Process.BaseAddress);

        using var response = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, FormLogin.AuthorizePath(clientId, RedirectUri, "openid " + orgScope)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(RedirectUri, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", FormLogin.Parameter(response.Headers.Location!, "error"));
        Assert.Equal("s1", FormLogin.Parameter(response.Headers.Location!, "state"));
    }

    [Fact]
    public async Task Only_an_instance_owner_registers_applications()
    {
        var user = await server.Accounts.CreateHumanAsync();
        var body = """{"name":"x","redirectUris":["https://x.test/cb"]}""";
        using var asUser = ApiClients.Request(HttpMethod.Post, "/admin/v1/oidc/apps", user.Token, body);
        using var forbidden = await server.Clients.Rest.SendAsync(asUser, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var anonymous = ApiClients.Request(HttpMethod.Post, "/admin/v1/oidc/apps", null, body);
        using var unauthorized = await server.Clients.Rest.SendAsync(anonymous, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        using var invalid = ApiClients.Request(HttpMethod.Post, "/admin/v1/oidc/apps", server.Accounts.AdminToken, """{"redirectUris":["not a uri"]}""");
        using var badRequest = await server.Clients.Rest.SendAsync(invalid, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
    }

    /// <summary>A public client (PKCE only) registered by the administrator; returns its client id.</summary>
    private async Task<string> RegisterAsync(bool requireMfa)
    {
        var body = new JsonObject
        {
            ["name"] = "Test app",
            ["redirectUris"] = new JsonArray(RedirectUri),
            ["postLogoutRedirectUris"] = new JsonArray("https://app.acme.test/"),
            ["requireMfa"] = requireMfa,
        };
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken, body.ToJsonString(), HttpStatusCode.Created);
        Assert.Null(created["clientSecret"]);
        return created["clientId"]!.GetValue<string>();
    }

    /// <summary>A confidential client (secret and PKCE); returns its client id and secret.</summary>
    private async Task<(string ClientId, string Secret)> RegisterConfidentialAsync()
    {
        var body = new JsonObject { ["name"] = "Confidential app", ["confidential"] = true, ["redirectUris"] = new JsonArray(RedirectUri) };
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken, body.ToJsonString(), HttpStatusCode.Created);
        return (created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }

    private async Task<JsonElement> IntrospectAsync(string clientId, string secret, string token)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = clientId, ["client_secret"] = secret, ["token"] = token });
        using var response = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/introspect", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    /// <summary>The status and OAuth error (or the whole body when it names none) of a form post, to compare two answers as a caller sees them.</summary>
    private async Task<(HttpStatusCode Status, string? Error)> PostFormAsync(string path, Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        using var response = await server.Clients.Rest.PostAsync(new Uri(path, UriKind.Relative), form, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var error = body.StartsWith('{') && JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var named) ? named.GetString() : body;
        return (response.StatusCode, error);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string clientId, string code, string? secret = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = FormLogin.Verifier,
        };
        if (secret is not null)
        {
            fields["client_secret"] = secret;
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string token)
    {
        using var request = ApiClients.Request(method, path, token);
        using var response = await server.Clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return server.Clients.Rest.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement;
    }
}
