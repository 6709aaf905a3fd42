using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;

namespace Gatehouse.EventStore.Tests;

/// <summary>
/// Copies every event into its own table, noting whether the event was already visible in the log from inside
/// the transaction, and fails on purpose on <see cref="FailingEventType"/> after writing.
/// </summary>
/// <param name="transactionIdSql">
/// A query for an id of the current transaction where the provider reuses its transaction objects (Npgsql);
/// without it, transactions are told apart by object identity.
/// </param>
internal sealed class RecordingProjection(string? transactionIdSql = null) : IInlineProjection
{
    public const string FailingEventType = "test.projection.fails";

    public static readonly Migration Migration = new("test", 1, "projected events", """
        CREATE TABLE projected_events (
            id {identity},
            position BIGINT NOT NULL UNIQUE,
            aggregate_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            seen_in_log BIGINT NOT NULL
        )
        """);

    public ConcurrentQueue<IReadOnlyList<StoredEvent>> Calls { get; } = new();

    /// <summary>The transaction of each successful call, to tell which appends were committed together.</summary>
    public ConcurrentQueue<(object Transaction, IReadOnlyList<StoredEvent> Events)> Transactions { get; } = new();

    public async Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        foreach (var stored in events)
        {
            await using var seen = connection.CreateCommand();
            seen.Transaction = transaction;
            seen.CommandText = "SELECT COUNT(*) FROM events WHERE position = @position";
            Add(seen, "position", stored.Position);
            var seenInLog = Convert.ToInt64(await seen.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO projected_events (position, aggregate_id, event_type, seen_in_log)
                VALUES (@position, @aggregate_id, @event_type, @seen_in_log)
                """;
            Add(insert, "position", stored.Position);
            Add(insert, "aggregate_id", stored.Stream.AggregateId);
            Add(insert, "event_type", stored.Type);
            Add(insert, "seen_in_log", seenInLog);
            await insert.ExecuteNonQueryAsync(cancellationToken);

            if (stored.Type == FailingEventType)
            {
                throw new InvalidOperationException("The test projection fails on purpose.");
            }
        }

        object id = transaction;
        if (transactionIdSql is not null)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = transactionIdSql;
            id = (await command.ExecuteScalarAsync(cancellationToken))!;
        }

        Calls.Enqueue(events);
        Transactions.Enqueue((id, events));
    }

    static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
