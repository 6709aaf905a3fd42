using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// What happens to codes and tokens once they expire: an expired code is refused, a replay that comes after the code
/// expired still revokes what the first redemption got, and the provider's tables do not keep rows nobody can use.
/// </summary>
public abstract class ShortLivedTokenTests(ShortLivedTokenServer server)
{
    public sealed class OnSqlite(SqliteShortLivedTokenServer server) : ShortLivedTokenTests(server), IClassFixture<SqliteShortLivedTokenServer>;

    [Collection(SeparateProcesses.Name)]
    public sealed class OnPostgres(PostgresShortLivedTokenServer server) : ShortLivedTokenTests(server), IClassFixture<PostgresShortLivedTokenServer>;

    private const string RedirectUri = "https://app.acme.test/callback";
    private const string Scope = "openid offline_access urn:zitadel:iam:org:project:id:zitadel:aud";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_code_redeemed_after_its_lifetime_is_refused()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var redeem = await CodeAsync(app);
        await Task.Delay(ShortLivedTokenServer.CodeLifetime + TimeSpan.FromMilliseconds(500), Ct);

        var (status, body) = await RefreshTokenTests.PostTokenAsync(server.Clients.Rest, redeem);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_code_replayed_after_it_expired_still_revokes_the_tokens_issued_from_it()
    {
        // Before, OpenIddict refused the expired code before our replay check saw it, and the tokens kept working.
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var redeem = await CodeAsync(app);
        var (status, tokens) = await RefreshTokenTests.PostTokenAsync(server.Clients.Rest, redeem);
        Assert.Equal(HttpStatusCode.OK, status);
        await Task.Delay(ShortLivedTokenServer.CodeLifetime + TimeSpan.FromMilliseconds(200), Ct);

        var (replayStatus, replay) = await RefreshTokenTests.PostTokenAsync(server.Clients.Rest, redeem);

        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("invalid_grant", replay.GetProperty("error").GetString());
        var access = tokens.GetProperty("access_token").GetString()!;
        Assert.False((await RefreshTokenTests.IntrospectAsync(server.Clients.Rest, app, access)).GetProperty("active").GetBoolean());
        var (refreshStatus, _) = await RefreshTokenTests.RefreshAsync(server.Clients.Rest, app, tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
    }

    [Fact]
    public async Task Expired_codes_revocations_and_refresh_families_are_swept_from_the_database()
    {
        var app = await RefreshTokenTests.RefreshAppAsync(server);
        var (status, tokens) = await RefreshTokenTests.PostTokenAsync(server.Clients.Rest, await CodeAsync(app));
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, refreshed) = await RefreshTokenTests.RefreshAsync(server.Clients.Rest, app, tokens.GetProperty("refresh_token").GetString()!);
        await RevokeAsync(app, refreshed.GetProperty("access_token").GetString()!);
        Assert.True(await RowsAsync() > 0);

        // Every row here ends within code + access token lifetime; the sweep runs every second.
        var deadline = DateTime.UtcNow + ShortLivedTokenServer.CodeLifetime + ShortLivedTokenServer.AccessTokenLifetime + TimeSpan.FromSeconds(20);
        while (await RowsAsync() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, Ct);
        }

        Assert.Equal(0, await RowsAsync());
    }

    private async Task<long> RowsAsync() => await server.CountAsync(
        """
        SELECT (SELECT COUNT(*) FROM oidc_redeemed_codes) + (SELECT COUNT(*) FROM oidc_revoked_tokens)
             + (SELECT COUNT(*) FROM oidc_refresh_families) + (SELECT COUNT(*) FROM oidc_refresh_tokens)
        """);

    private async Task<Dictionary<string, string>> CodeAsync(RefreshTokenTests.App app)
    {
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(app.ClientId, RedirectUri, Scope), user.LoginName, user.Password);
        return new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret,
            ["code"] = FormLogin.Parameter(back, "code")!, ["redirect_uri"] = RedirectUri, ["code_verifier"] = FormLogin.Verifier,
        };
    }

    private async Task RevokeAsync(RefreshTokenTests.App app, string token)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = app.ClientId, ["client_secret"] = app.Secret, ["token"] = token });
        using var response = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/revoke", UriKind.Relative), form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _ = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }
}
