using Npgsql;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A server on a fresh PostgreSQL database of the cluster named by <c>GATEHOUSE_TEST_POSTGRES</c> (scripts/test sets
/// it), dropped afterwards. Without the variable the tests fail rather than leave PostgreSQL untested.
/// </summary>
public sealed class PostgresServer : IGatehouseServer, IAsyncLifetime
{
    private const string Variable = "GATEHOUSE_TEST_POSTGRES";
    private string adminConnectionString = "";
    private string database = "";
    private GatehouseProcess? process;

    public GatehouseProcess Process => process ?? throw new InvalidOperationException("Not started.");

    public ApiClients Clients { get; private set; } = null!;

    public Accounts Accounts { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        adminConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set; run scripts/test, which starts PostgreSQL and sets it.");
        database = $"gatehouse_api_{Guid.NewGuid():N}";
        await ExecuteAsAdminAsync($"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;
        process = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["Database__ConnectionString"] = connectionString,
        });
        Clients = new ApiClients(process.BaseAddress);
        Accounts = new Accounts(Clients, process);
    }

    public async ValueTask DisposeAsync()
    {
        Clients?.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
            process.DeleteData();
        }

        if (database.Length > 0)
        {
            await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
