using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Oidc;

namespace Gatehouse.Api.Tests.Login;

/// <summary>
/// A server whose login policy forces a second factor, with an external login configured so that CreateCallback can
/// be tried too; the hosted login's pages answer on it all the same.
/// </summary>
public static class ForceMfaServers
{
    public static Dictionary<string, string> Environment()
    {
        var environment = ExternalLoginServers.Environment();
        environment["Gatehouse__LoginPolicy__ForceMfa"] = "true";
        return environment;
    }
}

/// <summary>The forceMfa server on SQLite.</summary>
public sealed class SqliteForceMfaServer : SharedServer
{
    protected override Task<GatehouseProcess> StartAsync() => GatehouseProcess.StartAsync(ForceMfaServers.Environment());
}

/// <summary>The forceMfa server on a fresh PostgreSQL database of its own, dropped afterwards.</summary>
public sealed class PostgresForceMfaServer : SharedServer
{
    private TestDatabase? database;

    protected override async Task<GatehouseProcess> StartAsync()
    {
        database = await TestPostgres.CreateDatabaseAsync();
        var environment = ForceMfaServers.Environment();
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
