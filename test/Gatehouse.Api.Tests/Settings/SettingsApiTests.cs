using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.Object.V2;
using Zitadel.Settings.V2;

namespace Gatehouse.Api.Tests.Settings;

/// <summary>
/// Settings v2 as ZITADEL's Login V2 reads it, with the login client's token, over every protocol
/// (docs/zitadel-wire.md §9): the first call of every Login V2 page answered UNIMPLEMENTED before (issue 15).
/// </summary>
public abstract class SettingsApiTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : SettingsApiTests(server);

    public sealed class OnPostgres(PostgresServer server) : SettingsApiTests(server);

    private string LoginClient => server.Accounts.LoginClientToken;

    private Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? token) =>
        server.Clients.JsonAsync(HttpMethod.Get, path, token);

    private SettingsService.SettingsServiceClient Client(Protocol protocol) => new(server.Clients.Channel(protocol));

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task The_login_client_reads_the_login_settings_with_otp_email_as_second_factor(Protocol protocol)
    {
        var answer = await Client(protocol).GetLoginSettingsAsync(new GetLoginSettingsRequest { Ctx = new RequestContext { Instance = true } },
            ApiClients.Bearer(LoginClient), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([SecondFactorType.OtpEmail], answer.Settings.SecondFactors);
        Assert.True(answer.Settings.AllowUsernamePassword);
        Assert.False(answer.Settings.ForceMfa);
        Assert.False(answer.Settings.AllowRegister);
        Assert.True(answer.Settings.HidePasswordReset);
        Assert.Equal(TimeSpan.FromHours(240), answer.Settings.PasswordCheckLifetime.ToTimeSpan());
        Assert.Equal(TimeSpan.FromHours(18), answer.Settings.SecondFactorCheckLifetime.ToTimeSpan());
        Assert.Equal(ResourceOwnerType.Instance, answer.Settings.ResourceOwnerType);
        Assert.False(string.IsNullOrEmpty(answer.Details.ResourceOwner));
    }

    [Fact]
    public async Task Login_settings_over_json_have_zitadels_names_durations_and_enums()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, body) = await GetAsync($"/v2/settings/login?ctx.orgId={user.OrgId}", LoginClient);

        Assert.Equal(HttpStatusCode.OK, status);
        var settings = body.GetProperty("settings");
        Assert.Equal("SECOND_FACTOR_TYPE_OTP_EMAIL", settings.GetProperty("secondFactors")[0].GetString());
        Assert.Equal("864000s", settings.GetProperty("passwordCheckLifetime").GetString());
        Assert.Equal("2592000s", settings.GetProperty("mfaInitSkipLifetime").GetString());
        Assert.Equal("RESOURCE_OWNER_TYPE_INSTANCE", settings.GetProperty("resourceOwnerType").GetString());
        Assert.True(settings.GetProperty("disableLoginWithEmail").GetBoolean());
        Assert.False(settings.TryGetProperty("forceMfa", out _));
    }

    [Fact]
    public async Task Lockout_password_and_expiry_settings_are_the_rules_gatehouse_enforces()
    {
        var (_, lockout) = await GetAsync("/v2/settings/lockout", LoginClient);
        var (_, complexity) = await GetAsync("/v2/settings/password/complexity", LoginClient);
        var (_, expiry) = await GetAsync("/v2/settings/password/expiry", LoginClient);

        // The shared servers run with Gatehouse's defaults: no lockout (ZITADEL's default, 0), 8 characters of every kind.
        Assert.False(lockout.GetProperty("settings").TryGetProperty("maxPasswordAttempts", out _));
        Assert.Equal("RESOURCE_OWNER_TYPE_INSTANCE", lockout.GetProperty("settings").GetProperty("resourceOwnerType").GetString());
        var rules = complexity.GetProperty("settings");
        Assert.Equal("8", rules.GetProperty("minLength").GetString());
        Assert.True(rules.GetProperty("requiresUppercase").GetBoolean() && rules.GetProperty("requiresLowercase").GetBoolean()
            && rules.GetProperty("requiresNumber").GetBoolean() && rules.GetProperty("requiresSymbol").GetBoolean());
        Assert.False(expiry.GetProperty("settings").TryGetProperty("maxAgeDays", out _));
    }

    [Fact]
    public async Task Every_page_call_of_login_v2_answers()
    {
        foreach (var path in new[]
        {
            "/v2/settings", "/v2/settings/branding", "/v2/settings/domain", "/v2/settings/legal_support", "/v2/settings/security",
            "/v2/settings/login/idps", "/v2/settings/hosted_login_translation?instance=true&locale=de",
        })
        {
            var (status, body) = await GetAsync(path, LoginClient);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        }
    }

    [Fact]
    public async Task General_settings_name_the_default_organization_and_gatehouses_languages()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (_, body) = await GetAsync("/v2/settings", LoginClient);

        Assert.Equal(user.OrgId, body.GetProperty("defaultOrgId").GetString());
        Assert.Equal("en", body.GetProperty("defaultLanguage").GetString());
        Assert.Equal(["en", "de"], body.GetProperty("supportedLanguages").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task There_are_no_identity_providers_and_the_list_still_has_details()
    {
        var answer = await Client(Protocol.Grpc).GetActiveIdentityProvidersAsync(new GetActiveIdentityProvidersRequest(),
            ApiClients.Bearer(LoginClient), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(answer.IdentityProviders);
        Assert.NotNull(answer.Details);
        Assert.Equal(0UL, answer.Details.TotalResult);
    }

    [Fact]
    public async Task Hosted_login_translations_are_empty_so_the_login_keeps_its_own_texts()
    {
        var answer = await Client(Protocol.Grpc).GetHostedLoginTranslationAsync(new GetHostedLoginTranslationRequest { Instance = true, Locale = "de" },
            ApiClients.Bearer(LoginClient), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(answer.Translations.Fields);
        Assert.False(string.IsNullOrEmpty(answer.Etag));
    }

    [Fact]
    public async Task A_user_without_a_role_cannot_read_settings()
    {
        var user = await server.Accounts.CreateHumanAsync();

        var (status, body) = await GetAsync("/v2/settings/login", user.Token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("membership not found (AUTHZ-cdgFk)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_a_token_settings_are_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client(Protocol.Grpc).GetBrandingSettingsAsync(new GetBrandingSettingsRequest(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_malformed_request_context_is_refused_with_invalid_argument()
    {
        var (status, _) = await GetAsync("/v2/settings/login?ctx.instance=maybe", LoginClient);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
