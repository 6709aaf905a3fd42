using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// A server whose authorization endpoint hands requests to an external login (ZITADEL's Login V2) at
/// <see cref="LoginBase"/>, on each store; the shared servers keep the hosted login.
/// </summary>
public static class ExternalLoginServers
{
    public const string LoginBase = "https://login.acme.test/ui/v2/login";

    public static Dictionary<string, string> Environment() => new() { ["Oidc__ExternalLogin__BaseUrl"] = LoginBase };
}

public sealed class SqliteExternalLoginServer : SharedServer
{
    protected override Task<GatehouseProcess> StartAsync() => GatehouseProcess.StartAsync(ExternalLoginServers.Environment());
}

public sealed class PostgresExternalLoginServer : SharedServer
{
    private TestDatabase? database;

    protected override async Task<GatehouseProcess> StartAsync()
    {
        database = await TestPostgres.CreateDatabaseAsync();
        var environment = ExternalLoginServers.Environment();
        foreach (var (key, value) in database.ServerEnvironment())
        {
            environment[key] = value;
        }

        return await GatehouseProcess.StartAsync(environment);
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
