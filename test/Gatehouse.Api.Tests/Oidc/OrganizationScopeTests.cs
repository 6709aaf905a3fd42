using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// ZITADEL's organization scopes admit only users of the organization they name. Gatehouse cannot create a second
/// organization through its API yet, so this private server gets one as a row of the <c>orgs</c> read model — all the
/// provider reads — on a database no other test shares.
/// </summary>
[Collection(SeparateProcesses.Name)]
public sealed class OrganizationScopeTests : IAsyncLifetime
{
    private const string RedirectUri = "https://app.acme.test/callback";
    private GatehouseProcess? process;
    private ApiClients? clients;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        process = await GatehouseProcess.StartAsync();
        clients = new ApiClients(process.BaseAddress);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(process.DataPath, "gatehouse.db")}");
        await connection.OpenAsync(Ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO orgs (id, name, created_at) VALUES ('other-org', 'Other', 0)";
        await insert.ExecuteNonQueryAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        clients?.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
            process.DeleteData();
        }
    }

    [Theory]
    [InlineData("urn:zitadel:iam:org:id:other-org")]
    [InlineData("urn:zitadel:iam:org:domain:primary:other.localhost")]
    public async Task A_user_of_another_organization_than_the_scope_names_is_refused_with_access_denied_at_the_redirect_uri(string orgScope)
    {
        // Before, the scope was dropped and any user of the instance got a code for an application of one organization.
        var accounts = new Accounts(clients!, process!);
        var created = await accounts.PostAsync("/admin/v1/oidc/apps", accounts.AdminToken,
            new JsonObject { ["name"] = "Org app", ["redirectUris"] = new JsonArray(RedirectUri) }.ToJsonString(), HttpStatusCode.Created);
        var clientId = created["clientId"]!.GetValue<string>();
        var user = await accounts.CreateHumanAsync();
        using var login = new FormLogin(process!.BaseAddress);

        var refused = await login.SignInAsync(FormLogin.AuthorizePath(clientId, RedirectUri, "openid " + orgScope), user.LoginName, user.Password);

        Assert.StartsWith(RedirectUri, refused.ToString(), StringComparison.Ordinal);
        Assert.Equal("access_denied", FormLogin.Parameter(refused, "error"));
        Assert.Equal("s1", FormLogin.Parameter(refused, "state"));
        Assert.Null(FormLogin.Parameter(refused, "code"));

        // The same user, asking for the own organization, is admitted.
        using var own = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            FormLogin.AuthorizePath(clientId, RedirectUri, $"openid urn:zitadel:iam:org:id:{user.OrgId}")));
        Assert.NotNull(FormLogin.Parameter(own.Headers.Location!, "code"));
    }
}
