using Microsoft.Data.Sqlite;

namespace Gatehouse.EventStore.Tests;

/// <summary>Database files in a temporary directory that is deleted afterwards.</summary>
public sealed class SqliteDatabases : IDatabaseFixture
{
    // Not created here: the store creates missing directories itself.
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"gatehouse-eventstore-tests-{Guid.NewGuid():N}");

    public StoreOptions SharedDatabase { get; private set; } = null!;

    public async ValueTask InitializeAsync() => SharedDatabase = await CreateDatabaseAsync();

    public Task<StoreOptions> CreateDatabaseAsync() => Task.FromResult(Options(Path.Combine(Directory, $"{Guid.NewGuid():N}.db")));

    public static StoreOptions Options(string path, int? busyTimeoutSeconds = null)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path };
        if (busyTimeoutSeconds is { } seconds)
        {
            builder.DefaultTimeout = seconds;
        }

        return new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = builder.ToString() };
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
