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

    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            // Whether the event is visible in the log is asked by the statement itself: projections only write.
            statements.Execute(
                """
                INSERT INTO projected_events (position, aggregate_id, event_type, seen_in_log)
                SELECT @position, @aggregate_id, @event_type, (SELECT COUNT(*) FROM events WHERE position = @position)
                """,
                ("position", stored.Position), ("aggregate_id", stored.Stream.AggregateId), ("event_type", stored.Type));

            if (stored.Type == FailingEventType)
            {
                // Fails in the database, after writing, where a real projection's statement would: on PostgreSQL when
                // the batch is sent, on SQLite at once. The position is unique.
                statements.Execute(
                    "INSERT INTO projected_events (position, aggregate_id, event_type, seen_in_log) VALUES (@position, @aggregate_id, @event_type, 0)",
                    ("position", stored.Position), ("aggregate_id", stored.Stream.AggregateId), ("event_type", stored.Type));
            }
        }

        // The test looks behind the interface (a projection never does) to tell which appends shared a transaction.
        var transaction = ((StatementBatch)statements).Transaction;
        object id = transaction;
        if (transactionIdSql is not null)
        {
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = transactionIdSql;
            id = command.ExecuteScalar()!;
        }

        Calls.Enqueue(events);
        Transactions.Enqueue((id, events));
    }

}
