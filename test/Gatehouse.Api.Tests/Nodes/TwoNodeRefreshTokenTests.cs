using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Oidc;

namespace Gatehouse.Api.Tests.Nodes;

/// <summary>Refresh tokens across two nodes on one PostgreSQL database: a rotation on one node holds on the other at once.</summary>
public sealed class TwoNodeRefreshTokenTests
{
    private const string RedirectUri = "https://app.acme.test/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_refreshed_on_node_a_is_refused_on_node_b_at_once_and_revokes_the_family_there()
    {
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail, issuer: "https://login.acme.test");
        var app = await RegisterAsync(nodes);
        var first = await FirstRefreshTokenAsync(nodes, app);

        var (onA, rotated) = await RefreshTokenTests.RefreshAsync(nodes.ClientsA.Rest, app, first);
        Assert.Equal(HttpStatusCode.OK, onA);
        var (onB, refused) = await RefreshTokenTests.RefreshAsync(nodes.ClientsB.Rest, app, first);

        Assert.Equal(HttpStatusCode.BadRequest, onB);
        Assert.Equal("invalid_grant", refused.GetProperty("error").GetString());
        // The reuse seen by node B ended the family, so node A's new token is dead too — on either node.
        var (again, _) = await RefreshTokenTests.RefreshAsync(nodes.ClientsA.Rest, app, rotated.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, again);
    }

    [Fact]
    public async Task Parallel_refreshes_with_one_token_on_both_nodes_have_at_most_one_winner()
    {
        await using var mail = await HoldingSmtpSink.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(mail, mail, issuer: "https://login.acme.test");
        var app = await RegisterAsync(nodes);
        for (var round = 0; round < 3; round++)
        {
            var token = await FirstRefreshTokenAsync(nodes, app);

            var results = await Task.WhenAll(
                RefreshTokenTests.RefreshAsync(nodes.ClientsA.Rest, app, token), RefreshTokenTests.RefreshAsync(nodes.ClientsB.Rest, app, token));

            var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
            Assert.True(winners.Count <= 1, $"{winners.Count} refreshes won");
            foreach (var (_, body) in winners)
            {
                Assert.Equal(HttpStatusCode.BadRequest,
                    (await RefreshTokenTests.RefreshAsync(nodes.ClientsB.Rest, app, body.GetProperty("refresh_token").GetString()!)).Status);
            }
        }
    }

    private static async Task<RefreshTokenTests.App> RegisterAsync(TwoNodes nodes)
    {
        var created = await nodes.Accounts.PostAsync("/admin/v1/oidc/apps", nodes.Accounts.AdminToken, new JsonObject
        {
            ["name"] = "Two nodes", ["confidential"] = true, ["allowRefreshTokens"] = true, ["redirectUris"] = new JsonArray(RedirectUri),
        }.ToJsonString(), HttpStatusCode.Created);
        return new RefreshTokenTests.App(created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }

    /// <summary>A new user signs in through node A; returns the refresh token its code yields there.</summary>
    private static async Task<string> FirstRefreshTokenAsync(TwoNodes nodes, RefreshTokenTests.App app)
    {
        var user = await nodes.Accounts.CreateHumanAsync();
        using var login = new FormLogin(nodes.A.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(app.ClientId, RedirectUri, "openid offline_access"), user.LoginName, user.Password);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret,
            ["code"] = FormLogin.Parameter(back, "code")!, ["redirect_uri"] = RedirectUri, ["code_verifier"] = FormLogin.Verifier,
        });
        using var redeemed = await nodes.ClientsA.Rest.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, Ct);
        return JsonDocument.Parse(await redeemed.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("refresh_token").GetString()!;
    }
}
