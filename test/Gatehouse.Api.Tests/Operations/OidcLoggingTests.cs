using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Oidc;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>
/// OpenIddict logs whole authorization codes, tokens and the PKCE verifier at its most verbose levels; the README
/// promises that no secret reaches the output at any level, however the operator sets the levels.
/// </summary>
public sealed class OidcLoggingTests
{
    private const string RedirectUri = "https://app.acme.test/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Logging__LogLevel__Default", "Information")]
    [InlineData("Logging__LogLevel__Default", "Trace")]
    [InlineData("Logging__LogLevel__OpenIddict.Server.OpenIddictServerDispatcher", "Trace")]
    [InlineData("Logging__Console__LogLevel__Default", "Trace")]
    public async Task No_authorization_code_token_or_code_verifier_appears_in_the_output_at_any_level(string levelSetting, string level)
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            // appsettings.json holds ASP.NET Core at Warning; its per-request lines show that the flow was logged.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = level,
            [levelSetting] = level,
            ["Oidc__Clients__0__ClientId"] = "traced",
            ["Oidc__Clients__0__ClientSecret"] = "traced-client-secret-0123456789",
            ["Oidc__Clients__0__RedirectUris__0"] = RedirectUri,
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var user = await accounts.CreateHumanAsync();
            using var login = new FormLogin(server.BaseAddress);
            var back = await login.SignInAsync(FormLogin.AuthorizePath("traced", RedirectUri), user.LoginName, user.Password);
            var code = FormLogin.Parameter(back, "code");
            Assert.False(string.IsNullOrEmpty(code), back.ToString());

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = "traced",
                ["client_secret"] = "traced-client-secret-0123456789",
                ["code"] = code,
                ["redirect_uri"] = RedirectUri,
                ["code_verifier"] = FormLogin.Verifier,
            });
            using var redeemed = await clients.Rest.PostAsync(new Uri("/oauth/v2/token", UriKind.Relative), form, Ct);
            var tokens = JsonDocument.Parse(await redeemed.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
            var accessToken = tokens.GetProperty("access_token").GetString()!;
            var idToken = tokens.GetProperty("id_token").GetString()!;
            using (var userInfo = ApiClients.Request(HttpMethod.Get, "/oidc/v1/userinfo", accessToken))
            using (var answered = await clients.Rest.SendAsync(userInfo, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            }

            using (var introspect = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = "traced", ["client_secret"] = "traced-client-secret-0123456789", ["token"] = accessToken,
            }))
            using (var introspected = await clients.Rest.PostAsync(new Uri("/oauth/v2/introspect", UriKind.Relative), introspect, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, introspected.StatusCode);
            }

            await Task.Delay(500, Ct);
            var output = server.Output;
            Assert.Contains("Request finished", output, StringComparison.Ordinal);
            foreach (var (what, secret) in new[]
            {
                ("authorization code", code), ("access token", accessToken), ("ID token", idToken),
                // A JWT's signature alone is enough to recognise a leaked token.
                ("access token signature", accessToken.Split('.')[2]), ("ID token signature", idToken.Split('.')[2]),
                ("code verifier", FormLogin.Verifier), ("client secret", "traced-client-secret-0123456789"), ("password", user.Password),
            })
            {
                var line = output.Split('\n').FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
                Assert.True(line is null, $"The {what} appears in the server's output: {line?.Replace(secret, "<secret>", StringComparison.Ordinal)}");
            }
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
