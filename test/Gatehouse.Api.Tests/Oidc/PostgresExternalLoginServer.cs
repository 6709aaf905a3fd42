using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>The external-login server on a fresh PostgreSQL database of its own, dropped afterwards.</summary>
public class PostgresExternalLoginServer : SharedServer
{
    private TestDatabase? database;

    protected override async Task<GatehouseProcess> StartAsync()
    {
        database = await TestPostgres.CreateDatabaseAsync();
        var environment = Environment();
        foreach (var (key, value) in database.ServerEnvironment())
        {
            environment[key] = value;
        }

        return await GatehouseProcess.StartAsync(environment);
    }

    /// <summary>The server's settings besides the database's; a derived fixture adds its own.</summary>
    protected virtual Dictionary<string, string> Environment() => ExternalLoginServers.Environment();

    protected override async ValueTask CleanUpAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
