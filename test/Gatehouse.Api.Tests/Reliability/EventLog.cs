using Microsoft.Data.Sqlite;

namespace Gatehouse.Api.Tests.Reliability;

/// <summary>Read-only look into a SQLite server's event log, to check what a request wrote.</summary>
public sealed class EventLog(string dataPath) : IAsyncDisposable
{
    private readonly SqliteConnection connection = new($"Data Source={Path.Combine(dataPath, "gatehouse.db")};Mode=ReadOnly");

    public async Task<long> LastPositionAsync()
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(position), 0) FROM events";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<string>> TypesAfterAsync(long position)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_type FROM events WHERE position > @after ORDER BY position";
        command.Parameters.AddWithValue("@after", position);
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }

        return types;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
