using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Duende.IdentityModel.Client;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Machines;

/// <summary>
/// Machine-to-machine sign-in as ZITADEL's service users do it, driven with Duende.IdentityModel as the client: a
/// client secret (AddSecret) for the client credentials grant, with the machine user's login name as client_id. The
/// token it gets is then used on the Gatehouse API. The same tests run on SQLite and PostgreSQL.
/// </summary>
public abstract class MachineSignInTests(IGatehouseServer server) : MachineTests(server)
{
    [Theory]
    [InlineData(ClientCredentialStyle.AuthorizationHeader)] // client_secret_basic
    [InlineData(ClientCredentialStyle.PostBody)] // client_secret_post
    public async Task A_machine_user_with_a_secret_gets_an_api_token(ClientCredentialStyle style)
    {
        var machine = await CreateMachineAsync();
        var secret = await AddSecretAsync(machine.UserId);

        using var http = new HttpClient();
        var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = TokenEndpoint, ClientId = machine.UserName, ClientSecret = secret, Scope = ApiScope, ClientCredentialStyle = style,
        }, Ct);

        Assert.False(token.IsError, token.Raw);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Null(token.IdentityToken);
        Assert.Null(token.RefreshToken);
        await AssertIsMachineTokenAsync(token.AccessToken!, machine.UserId);
    }

    [Fact]
    public async Task A_token_without_the_api_audience_scope_is_not_a_bearer_token_for_the_api()
    {
        var machine = await CreateMachineAsync();
        var secret = await AddSecretAsync(machine.UserId);

        using var http = new HttpClient();
        var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = TokenEndpoint, ClientId = machine.UserName, ClientSecret = secret, Scope = "openid",
        }, Ct);

        Assert.False(token.IsError, token.Raw);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync($"/v2/users/{machine.UserId}", token.AccessToken!));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_invalid_client_and_401_over_basic_authentication()
    {
        var machine = await CreateMachineAsync();
        await AddSecretAsync(machine.UserId);

        using var http = new HttpClient();
        var basic = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = TokenEndpoint, ClientId = machine.UserName, ClientSecret = "not-the-secret", Scope = ApiScope,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
        }, Ct);
        var post = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = TokenEndpoint, ClientId = machine.UserName, ClientSecret = "not-the-secret", Scope = ApiScope,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
        }, Ct);

        Assert.Equal("invalid_client", ErrorOf(basic));
        Assert.Equal(HttpStatusCode.Unauthorized, basic.HttpStatusCode);
        Assert.Equal("invalid_client", ErrorOf(post));
        Assert.True(post.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{post.HttpStatusCode}");
    }

    [Fact]
    public async Task An_unknown_client_and_a_machine_without_a_secret_get_the_same_answer_as_a_wrong_secret()
    {
        var machine = await CreateMachineAsync();

        using var http = new HttpClient();
        foreach (var clientId in new[] { machine.UserName, "nobody-" + Guid.NewGuid().ToString("N") })
        {
            var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = TokenEndpoint, ClientId = clientId, ClientSecret = "guess", Scope = ApiScope,
                ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
            }, Ct);
            Assert.Equal("invalid_client", ErrorOf(token));
            Assert.Equal(HttpStatusCode.Unauthorized, token.HttpStatusCode);
        }
    }

    [Fact]
    public async Task A_removed_secret_is_refused_and_a_replaced_secret_stops_working()
    {
        var machine = await CreateMachineAsync();
        var first = await AddSecretAsync(machine.UserId);
        var second = await AddSecretAsync(machine.UserId);

        Assert.Equal("invalid_client", ErrorOf(await RequestWithSecretAsync(machine.UserName, first)));
        Assert.False((await RequestWithSecretAsync(machine.UserName, second)).IsError);

        var (status, removed) = await Server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/users/{machine.UserId}/secret", Server.Accounts.AdminToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(removed.TryGetProperty("deletionDate", out _));
        Assert.Equal("invalid_client", ErrorOf(await RequestWithSecretAsync(machine.UserName, second)));

        var (again, error) = await Server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/users/{machine.UserId}/secret", Server.Accounts.AdminToken);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Contains("COMMAND-coi82n", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_secret_is_shown_once_and_only_for_machine_users()
    {
        var human = await Server.Accounts.CreateHumanAsync();

        var (status, error) = await Server.Clients.JsonAsync(HttpMethod.Post, $"/v2/users/{human.UserId}/secret", Server.Accounts.AdminToken, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        Assert.Contains("COMMAND-x8910n", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Adding_a_secret_for_another_user_without_user_write_is_refused()
    {
        var machine = await CreateMachineAsync();
        var outsider = await Server.Accounts.CreateHumanAsync();

        var (status, error) = await Server.Clients.JsonAsync(HttpMethod.Post, $"/v2/users/{machine.UserId}/secret", outsider.Token, "{}");

        // A caller without memberships hears only "membership not found", as from ZITADEL (docs/zitadel-wire.md §3.6).
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("AUTHZ-cdgFk", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unsupported_grant_type_is_refused_with_unsupported_grant_type()
    {
        using var http = new HttpClient();
        var token = await http.RequestTokenAsync(new TokenRequest
        {
            Address = TokenEndpoint, GrantType = "password", ClientId = "any",
            Parameters = { { "username", "alice" }, { "password", "x" } },
        }, Ct);

        Assert.Equal("unsupported_grant_type", token.Error);
        Assert.Equal(HttpStatusCode.BadRequest, token.HttpStatusCode);
    }

    [Fact]
    public async Task Discovery_lists_the_client_credentials_grant()
    {
        var (status, metadata) = await Server.Clients.JsonAsync(HttpMethod.Get, "/.well-known/openid-configuration", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var grants = metadata.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Contains("client_credentials", grants);
        Assert.DoesNotContain("password", grants);
    }

    protected async Task<string> AddSecretAsync(string userId)
    {
        var added = await Server.Accounts.PostAsync($"/v2/users/{userId}/secret", Server.Accounts.AdminToken, "{}", HttpStatusCode.OK);
        Assert.NotNull(added["creationDate"]);
        return added["clientSecret"]!.GetValue<string>();
    }

    private async Task<TokenResponse> RequestWithSecretAsync(string clientId, string secret)
    {
        using var http = new HttpClient();
        return await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = TokenEndpoint, ClientId = clientId, ClientSecret = secret, Scope = ApiScope,
        }, Ct);
    }
}
