using System.Data.Common;
using System.Globalization;
using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// Proves the read models are what the event log says: replays every event through the same projections into a
/// scratch SQLite database and compares each read-model table of the registered modules row by row with the live one. Used by the crash tests
/// and by operators (<c>gatehouse admin verify-read-models</c>) after an incident.
/// </summary>
internal sealed class ReadModelVerifier(IEventStore store, IReadModels live, ReadModelSchema schema)
{

    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("gatehouse-verify-");
        try
        {
            var scratchOptions = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder.FullName, "rebuild.db")}" };
            await using var scratch = new EventStoreDatabase(scratchOptions, [], TimeProvider.System);
            await scratch.MigrateAsync(schema.Migrations, ct);
            await ReplayAsync(scratch.DataSource, ct);

            var differences = new List<string>();
            foreach (var (table, orderBy) in schema.Tables)
            {
                var expected = await RowsAsync(scratch.ReadModels, table, orderBy, ct);
                var actual = await RowsAsync(live, table, orderBy, ct);
                differences.AddRange(Compare(table, expected, actual));
            }

            return differences;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private async Task ReplayAsync(DbDataSource scratch, CancellationToken ct)
    {
        long position = 0;
        while (true)
        {
            var batch = await store.ReadAllAsync(position, 500, ct);
            if (batch.Count == 0)
            {
                return;
            }

            await using var connection = await scratch.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // Projections handle each event on its own, so a batch of any size gives the same rows as the appends did.
            var statements = IProjectionStatements.Immediate(transaction);
            foreach (var projection in schema.Projections)
            {
                projection.Apply(statements, batch);
            }

            await transaction.CommitAsync(ct);
            position = batch[^1].Position;
        }
    }

    private static async Task<List<string>> RowsAsync(IReadModels source, string table, string orderBy, CancellationToken ct) =>
        await source.QueryAsync($"SELECT * FROM {table} ORDER BY {orderBy}", reader =>
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            }

            return string.Join(" | ", values);
        }, ct);

    private static IEnumerable<string> Compare(string table, List<string> expected, List<string> actual)
    {
        foreach (var missing in expected.Except(actual))
        {
            yield return $"{table}: missing {missing}";
        }

        foreach (var extra in actual.Except(expected))
        {
            yield return $"{table}: unexpected {extra}";
        }
    }
}
