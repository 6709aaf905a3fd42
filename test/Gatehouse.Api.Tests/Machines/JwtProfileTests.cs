using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Duende.IdentityModel.Client;
using Gatehouse.Api.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Api.Tests.Machines;

/// <summary>
/// The JWT profile grant (RFC 7523) as ZITADEL's server SDKs use it: Users v2 AddKey answers ZITADEL's key file, the
/// client signs an assertion with it (Microsoft.IdentityModel.JsonWebTokens) and exchanges it with Duende.IdentityModel
/// for an access token that works on the API. Every rule of the assertion has a test named after what it prevents.
/// </summary>
public abstract class JwtProfileTests(IGatehouseServer server) : MachineTests(server)
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    [Fact]
    public async Task A_key_file_made_by_gatehouse_signs_an_assertion_that_gets_an_api_token()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);

        Assert.Equal("serviceaccount", keyFile.GetProperty("type").GetString());
        Assert.Equal(machine.UserId, keyFile.GetProperty("userId").GetString());
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", keyFile.GetProperty("key").GetString());
        var token = await ExchangeAsync(await AssertionAsync(keyFile));

        Assert.False(token.IsError, token.Raw);
        Assert.Null(token.IdentityToken);
        Assert.Null(token.RefreshToken);
        await AssertIsMachineTokenAsync(token.AccessToken!, machine.UserId);
    }

    [Fact]
    public async Task A_replayed_assertion_is_refused()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);
        var assertion = await AssertionAsync(keyFile, jti: Guid.NewGuid().ToString());

        var first = await ExchangeAsync(assertion);
        var replay = await ExchangeAsync(assertion);

        Assert.False(first.IsError, first.Raw);
        AssertInvalidGrant(replay, "used before");
    }

    [Fact]
    public async Task A_replayed_assertion_without_jti_is_refused_too()
    {
        var machine = await CreateMachineAsync();
        var assertion = await AssertionAsync(await AddKeyAsync(machine.UserId));

        Assert.False((await ExchangeAsync(assertion)).IsError);
        AssertInvalidGrant(await ExchangeAsync(assertion), "used before");
    }

    [Fact]
    public async Task An_assertion_for_another_audience_is_refused()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);

        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile, audience: "https://other.example.com")), "aud");
        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile, audience: await IssuerAsync() + "/")), "aud");
    }

    [Fact]
    public async Task An_assertion_that_expires_more_than_an_hour_ahead_is_refused()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);

        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile, lifetime: TimeSpan.FromHours(2))), "exp");
    }

    [Fact]
    public async Task An_expired_assertion_and_one_issued_in_the_future_are_refused()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);

        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile, issuedAt: DateTime.UtcNow.AddMinutes(-30), lifetime: TimeSpan.FromMinutes(10))), "expired");
        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile, issuedAt: DateTime.UtcNow.AddMinutes(10), lifetime: TimeSpan.FromMinutes(10))), "iat");
    }

    [Fact]
    public async Task An_assertion_signed_by_another_key_is_refused()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);
        using var forger = RSA.Create(2048);

        var forged = await AssertionAsync(keyFile, signer: forger);

        AssertInvalidGrant(await ExchangeAsync(forged), "signature");
    }

    [Fact]
    public async Task An_assertion_for_another_user_than_its_keys_owner_is_refused()
    {
        var victim = await CreateMachineAsync();
        var attacker = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(attacker.UserId);

        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile, userId: victim.UserId)), "key");
    }

    [Fact]
    public async Task A_removed_key_is_refused_and_no_longer_listed()
    {
        var machine = await CreateMachineAsync();
        var keyFile = await AddKeyAsync(machine.UserId);
        var keyId = keyFile.GetProperty("keyId").GetString()!;
        var listed = await ListKeysAsync(machine.UserId);
        Assert.Equal(keyId, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain("PRIVATE", listed.ToString());

        var (status, _) = await Server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/users/{machine.UserId}/keys/{keyId}", Server.Accounts.AdminToken);

        Assert.Equal(HttpStatusCode.OK, status);
        AssertInvalidGrant(await ExchangeAsync(await AssertionAsync(keyFile)), "key");
        Assert.Empty((await ListKeysAsync(machine.UserId)).EnumerateArray());
        var (again, error) = await Server.Clients.JsonAsync(HttpMethod.Delete, $"/v2/users/{machine.UserId}/keys/{keyId}", Server.Accounts.AdminToken);
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Contains("COMMAND-4m77G", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var machine = await CreateMachineAsync();
        var expiry = DateTimeOffset.UtcNow.AddSeconds(6);
        var keyFile = await AddKeyAsync(machine.UserId, expiry);
        var assertion = await AssertionAsync(keyFile);

        await Task.Delay(expiry - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5), Ct);

        AssertInvalidGrant(await ExchangeAsync(assertion), "expired");
    }

    [Fact]
    public async Task A_supplied_public_key_gets_no_key_file_and_its_private_half_signs_assertions()
    {
        var machine = await CreateMachineAsync();
        using var own = RSA.Create(2048);
        var pem = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(own.ExportSubjectPublicKeyInfoPem()));

        var added = await Server.Accounts.PostAsync($"/v2/users/{machine.UserId}/keys", Server.Accounts.AdminToken,
            new JsonObject { ["publicKey"] = pem }.ToJsonString(), HttpStatusCode.OK);

        Assert.Null(added["keyContent"]);
        var keyFile = JsonDocument.Parse(new JsonObject
        {
            ["keyId"] = added["keyId"]!.GetValue<string>(), ["userId"] = machine.UserId, ["key"] = own.ExportRSAPrivateKeyPem(),
        }.ToJsonString()).RootElement;
        var token = await ExchangeAsync(await AssertionAsync(keyFile));
        Assert.False(token.IsError, token.Raw);
    }

    [Fact]
    public async Task A_public_key_that_is_not_an_rsa_pem_is_refused()
    {
        var machine = await CreateMachineAsync();

        var (status, error) = await Server.Clients.JsonAsync(HttpMethod.Post, $"/v2/users/{machine.UserId}/keys", Server.Accounts.AdminToken,
            new JsonObject { ["publicKey"] = Convert.ToBase64String("not a key"u8.ToArray()) }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("COMMAND-5F3h1", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_garbage_assertion_gets_invalid_grant_not_a_server_error()
    {
        AssertInvalidGrant(await ExchangeAsync("not.a.jwt"), "JWT");
        AssertInvalidGrant(await ExchangeAsync(""), "JWT");
    }

    [Fact]
    public async Task Discovery_lists_the_jwt_bearer_grant()
    {
        var (_, metadata) = await Server.Clients.JsonAsync(HttpMethod.Get, "/.well-known/openid-configuration", null);

        Assert.Contains(JwtBearer, metadata.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }

    private async Task<JsonElement> AddKeyAsync(string userId, DateTimeOffset? expiration = null)
    {
        var body = new JsonObject();
        if (expiration is { } at)
        {
            body["expirationDate"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        var added = await Server.Accounts.PostAsync($"/v2/users/{userId}/keys", Server.Accounts.AdminToken, body.ToJsonString(), HttpStatusCode.OK);
        var content = Convert.FromBase64String(added["keyContent"]!.GetValue<string>());
        var keyFile = JsonDocument.Parse(content).RootElement;
        Assert.Equal(added["keyId"]!.GetValue<string>(), keyFile.GetProperty("keyId").GetString());
        return keyFile;
    }

    private async Task<JsonElement> ListKeysAsync(string userId)
    {
        var listed = await Server.Accounts.PostAsync("/v2/users/keys/search", Server.Accounts.AdminToken,
            new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["userIdFilter"] = new JsonObject { ["id"] = userId } }) }.ToJsonString(),
            HttpStatusCode.OK);
        return JsonDocument.Parse(listed["result"]?.ToJsonString() ?? "[]").RootElement;
    }

    private async Task<string> IssuerAsync()
    {
        var (_, metadata) = await Server.Clients.JsonAsync(HttpMethod.Get, "/.well-known/openid-configuration", null);
        return metadata.GetProperty("issuer").GetString()!;
    }

    /// <summary>An assertion as ZITADEL's SDKs make it: iss = sub = the user id, aud = the issuer, kid = the key id, an hour long.</summary>
    private async Task<string> AssertionAsync(
        JsonElement keyFile, string? audience = null, TimeSpan? lifetime = null, DateTime? issuedAt = null, RSA? signer = null,
        string? jti = null, string? userId = null)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(keyFile.GetProperty("key").GetString());
        var user = userId ?? keyFile.GetProperty("userId").GetString()!;
        var iat = issuedAt ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = user };
        if (jti is not null)
        {
            claims["jti"] = jti;
        }

        // Signature providers are cached by key id: a forged key with the same kid must not reuse the real one's.
        var key = new RsaSecurityKey(signer ?? rsa)
        {
            KeyId = keyFile.GetProperty("keyId").GetString(), CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = user,
            Audience = audience ?? await IssuerAsync(),
            IssuedAt = iat,
            Expires = iat + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<TokenResponse> ExchangeAsync(string assertion)
    {
        using var http = new HttpClient();
        return await http.RequestTokenAsync(new TokenRequest
        {
            Address = TokenEndpoint, GrantType = JwtBearer,
            Parameters = { { "assertion", assertion }, { "scope", ApiScope } },
        }, Ct);
    }

    private static void AssertInvalidGrant(TokenResponse response, string described)
    {
        Assert.True(response.IsError, response.Raw);
        Assert.True(response.HttpStatusCode == HttpStatusCode.BadRequest, $"{response.HttpStatusCode}: {response.Raw}");
        Assert.Equal("invalid_grant", ErrorOf(response));
        Assert.Contains(described, response.ErrorDescription, StringComparison.OrdinalIgnoreCase);
    }
}
