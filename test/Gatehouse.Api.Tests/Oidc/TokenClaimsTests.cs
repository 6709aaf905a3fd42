using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>The shape of the claims in the tokens, the same in the ID token and the access token.</summary>
public sealed class TokenClaimsTests(SqliteServer server)
{
    private const string RedirectUri = "https://app.acme.test/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_access_token_amr_is_an_array_as_in_the_id_token_even_with_one_value()
    {
        var created = await server.Accounts.PostAsync("/admin/v1/oidc/apps", server.Accounts.AdminToken,
            new JsonObject { ["name"] = "Claims", ["redirectUris"] = new JsonArray(RedirectUri) }.ToJsonString(), HttpStatusCode.Created);
        var clientId = created["clientId"]!.GetValue<string>();
        var user = await server.Accounts.CreateHumanAsync();
        using var login = new FormLogin(server.Process.BaseAddress);
        var back = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri), user.LoginName, user.Password);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = FormLogin.Parameter(back, "code")!,
            ["redirect_uri"] = RedirectUri, ["code_verifier"] = FormLogin.Verifier,
        });
        using var response = await server.Clients.Rest.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, Ct);
        var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        foreach (var token in new[] { tokens.GetProperty("id_token").GetString()!, accessToken })
        {
            var amr = Payload(token).GetProperty("amr");
            Assert.Equal(JsonValueKind.Array, amr.ValueKind);
            Assert.Equal(["pwd"], amr.EnumerateArray().Select(v => v.GetString()));
        }

        // The API and userinfo still read the token.
        using var me = ApiClients.Request(HttpMethod.Get, "/auth/v1/users/me", accessToken);
        using var answered = await server.Clients.Rest.SendAsync(me, Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement;
    }
}
