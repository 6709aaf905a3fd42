using Npgsql;

namespace Gatehouse.EventStore.Tests;

/// <summary>
/// Databases with random names on the server named by <c>GATEHOUSE_TEST_POSTGRES</c> (a superuser connection),
/// dropped afterwards. Without the variable the tests fail: a suite that silently skips PostgreSQL would let
/// the backend we deploy on go untested.
/// </summary>
public sealed class PostgresDatabases : IDatabaseFixture
{
    public const string Variable = "GATEHOUSE_TEST_POSTGRES";

    readonly List<string> created = [];
    string adminConnectionString = "";

    public StoreOptions SharedDatabase { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        adminConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL contract tests need a server: set it to a superuser connection " +
                "string such as 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres'.");
        SharedDatabase = await CreateDatabaseAsync();
    }

    public async Task<StoreOptions> CreateDatabaseAsync()
    {
        var name = $"gatehouse_test_{Guid.NewGuid():N}";
        await ExecuteAsAdminAsync($"CREATE DATABASE {name}");
        lock (created)
        {
            created.Add(name);
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        return new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = builder.ConnectionString };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in created)
        {
            // FORCE ends sessions still pooled by a store that a failed test did not dispose.
            await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    public async Task<long> ScalarAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM ({sql}) AS result", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
