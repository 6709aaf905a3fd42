using Npgsql;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>A PostgreSQL database with a random name, created through a superuser connection and dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string adminConnectionString)
    {
        var database = new TestDatabase(adminConnectionString, $"gatehouse_api_{Guid.NewGuid():N}");
        await database.ExecuteAsAdminAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>What a server needs to run on this database.</summary>
    public Dictionary<string, string> ServerEnvironment() => new()
    {
        ["Database__Provider"] = "postgres",
        ["Database__ConnectionString"] = ConnectionString,
    };

    /// <summary>One value from this database, read directly (to check what the server stored).</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // FORCE ends the sessions of a server process that was killed rather than stopped.
        await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
