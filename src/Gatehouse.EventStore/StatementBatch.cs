using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// Statements of one step of an append, sent to the database together. On PostgreSQL they go as one
/// <see cref="DbBatch"/>, one loopback round trip however many there are; the server runs them one after another in
/// the order added, each seeing the writes of those before it, and stops at the first error. On SQLite, which is in
/// process and has no round trips to save, each runs as it is added, as a prepared command (see
/// <see cref="PreparedCommands"/>), so errors may surface from <see cref="Query"/> and <see cref="Execute"/> as well
/// as from <see cref="SendAsync"/>.
/// </summary>
internal sealed class StatementBatch : IProjectionStatements
{
    readonly WriteTransaction write;
    readonly DbBatch? batch;
    readonly List<object?[]?> rows = [];

    public StatementBatch(WriteTransaction write, bool roundTrip)
    {
        this.write = write;
        if (roundTrip)
        {
            var connection = write.Transaction.Connection ?? throw new InvalidOperationException("The transaction has ended.");
            batch = connection.CreateBatch();
            batch.Transaction = write.Transaction;
            // The write lock goes out with the first statements of the transaction, in the same round trip: the server
            // takes it before running the statements after it (see PostgresDialect.BeginWriteAsync).
            if (write.TakePendingLock() is { } lockStatement)
            {
                Query(lockStatement);
            }
        }
    }

    /// <summary>A statement that returns rows; its first row (null when it has none) is <see cref="Row"/> of the index returned.</summary>
    public int Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (batch is not null)
        {
            Add(sql, parameters);
            rows.Add(null);
            return rows.Count - 1;
        }

        using var reader = write.Transaction.PreparedCommand(sql, parameters).ExecuteReader();
        rows.Add(reader.Read() ? Values(reader) : null);
        return rows.Count - 1;
    }

    /// <summary>A statement that returns no rows (no SELECT, no RETURNING).</summary>
    public void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (batch is not null)
        {
            Add(sql, parameters);
            return;
        }

        write.Transaction.PreparedCommand(sql, parameters).ExecuteNonQuery();
    }

    /// <summary>Runs what was added (nothing is left to run on SQLite).</summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        if (batch is null || batch.BatchCommands.Count == 0)
        {
            return;
        }

        await using (batch)
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var next = 0;
            do
            {
                // Statements without rows (INSERT without RETURNING, UPDATE, DELETE) may or may not show up as result
                // sets; only those with columns are counted, in order, which is why Execute takes no SELECT.
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                if (next >= rows.Count)
                {
                    throw new InvalidOperationException("The batch returned more result sets than it has queries.");
                }

                rows[next++] = await reader.ReadAsync(cancellationToken) ? Values(reader) : null;
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
    }

    public object?[]? Row(int index) => rows[index];

    /// <summary>The transaction the statements run in (the event store's tests tell transactions apart by it).</summary>
    internal DbTransaction Transaction => write.Transaction;

    void Add(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = batch!.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
    }

    static object?[] Values(DbDataReader reader)
    {
        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return values;
    }
}
