using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// The whole flow through a certified relying-party library nobody here wrote (Duende.IdentityModel.OidcClient):
/// discovery with the issuer compared as a string, the code flow with PKCE, ID token validation against the JWKS,
/// userinfo, and a refresh — so Gatehouse is checked against someone else's reading of the specifications.
/// </summary>
public sealed class RelyingPartyLibraryTests(SqliteServer server)
{
    private const string RedirectUri = "https://app.acme.test/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Duende_oidc_client_signs_in_validates_the_id_token_reads_userinfo_and_refreshes()
    {
        var issuer = $"http://localhost:{server.Process.BaseAddress.Port}";
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var user = await server.Accounts.CreateHumanAsync();
        using var http = new HttpClient();
        var discovery = await http.GetDiscoveryDocumentAsync(issuer, Ct);
        Assert.False(discovery.IsError, discovery.Error);
        Assert.Equal(issuer, discovery.Issuer, StringComparer.Ordinal);

        using var login = new FormLogin(new Uri(issuer));
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = issuer,
            ClientId = app.ClientId,
            ClientSecret = app.Secret,
            RedirectUri = RedirectUri,
            Scope = "openid profile email offline_access",
            Browser = new FormLoginBrowser(login, user.LoginName, user.Password),
            LoadProfile = true,
        });

        var result = await client.LoginAsync(new LoginRequest(), Ct);

        Assert.False(result.IsError, result.Error + " " + result.ErrorDescription);
        Assert.Equal(user.UserId, result.User.FindFirst("sub")?.Value);
        Assert.Equal(user.LoginName, result.User.FindFirst("preferred_username")?.Value);
        Assert.Equal(issuer, RefreshTokenTests.Payload(result.IdentityToken).GetProperty("iss").GetString(), StringComparer.Ordinal);
        Assert.False(string.IsNullOrEmpty(result.RefreshToken));

        var refreshed = await client.RefreshTokenAsync(result.RefreshToken, cancellationToken: Ct);

        Assert.False(refreshed.IsError, refreshed.Error + " " + refreshed.ErrorDescription);
        Assert.NotEqual(result.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(issuer, RefreshTokenTests.Payload(refreshed.IdentityToken).GetProperty("iss").GetString(), StringComparer.Ordinal);
        var reused = await client.RefreshTokenAsync(result.RefreshToken, cancellationToken: Ct);
        Assert.Equal("invalid_grant", reused.Error);
    }

    /// <summary>The library's browser: runs Gatehouse's hosted login with forms and hands back the redirect.</summary>
    private sealed class FormLoginBrowser(FormLogin login, string loginName, string password) : IBrowser
    {
        public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
        {
            var back = await login.SignInAsync(options.StartUrl, loginName, password);
            return new BrowserResult { ResultType = BrowserResultType.Success, Response = back.ToString() };
        }
    }
}
