namespace Gatehouse.Api.Tests.Hosting;

/// <summary>The shared server on a fresh PostgreSQL database of its own, dropped afterwards.</summary>
public sealed class PostgresServer : SharedServer
{
    private TestDatabase? database;

    protected override async Task<GatehouseProcess> StartAsync()
    {
        database = await TestPostgres.CreateDatabaseAsync();
        return await GatehouseProcess.StartAsync(database.ServerEnvironment());
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
