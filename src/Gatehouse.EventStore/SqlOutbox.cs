using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// The outbox on both backends. Leasing runs under the store's global write lock, like every write, so two workers
/// (threads or nodes) can never lease the same message: no SKIP LOCKED or backend-specific locking is needed.
/// </summary>
internal sealed class SqlOutbox(StorageDialect dialect, TimeProvider timeProvider) : IOutbox
{
    const string Insert = """
        INSERT INTO outbox (id, payload, enqueued_at, not_after, next_attempt_at, attempts)
        VALUES (@id, @payload, @now, @not_after, @now, 0)
        ON CONFLICT (id) DO NOTHING
        """;

    const string Delete = "DELETE FROM outbox WHERE id = @id";

    // Codes (a not_after: someone is waiting for them, and they expire) before notices, each group oldest due first;
    // otherwise a burst of notices or an SMTP outage leaves fresh codes queued behind them until they expire. Two
    // branches rather than one ORDER BY on "not_after IS NULL", so that each is a range scan of its own partial index
    // that stops at @now and at @max rows however many messages wait (eventstore migration 3). SQLite only accepts
    // ORDER BY and LIMIT in a member of a UNION inside a subquery, hence the SELECT * FROM (…) around each.
    const string SelectDue = """
        SELECT id, payload, enqueued_at, not_after, attempts FROM (
            SELECT * FROM (
                SELECT id, payload, enqueued_at, not_after, attempts, next_attempt_at, 0 AS tier FROM outbox
                WHERE not_after IS NOT NULL AND next_attempt_at <= @now AND (leased_until IS NULL OR leased_until <= @now)
                ORDER BY next_attempt_at, id LIMIT @max) AS codes
            UNION ALL
            SELECT * FROM (
                SELECT id, payload, enqueued_at, not_after, attempts, next_attempt_at, 1 AS tier FROM outbox
                WHERE not_after IS NULL AND next_attempt_at <= @now AND (leased_until IS NULL OR leased_until <= @now)
                ORDER BY next_attempt_at, id LIMIT @max) AS notices
        ) AS due
        ORDER BY tier, next_attempt_at, id LIMIT @max
        """;

    public static void Enqueue(StatementBatch batch, IReadOnlyList<OutboxMessage> messages, long nowMicroseconds)
    {
        foreach (var message in messages)
        {
            batch.Execute(Insert, ("id", message.Id), ("payload", message.Payload), ("now", nowMicroseconds),
                ("not_after", message.NotAfter is { } notAfter ? UnixMicroseconds.From(notAfter) : null));
        }
    }

    public static void Finish(StatementBatch batch, IReadOnlyList<string> ids)
    {
        foreach (var id in ids)
        {
            batch.Execute(Delete, ("id", id));
        }
    }

    public Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default) =>
        WriteAsync(async (transaction, _, ct) =>
        {
            await using var command = transaction.Connection!.Command(
                "UPDATE outbox SET leased_until = NULL, leased_by = NULL WHERE leased_by = @owner", transaction);
            command.AddParameter("owner", owner);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task<IReadOnlyList<LeasedOutboxMessage>> LeaseAsync(string owner, int maxCount, TimeSpan leaseFor, CancellationToken cancellationToken = default) =>
        WriteAsync<IReadOnlyList<LeasedOutboxMessage>>(async (transaction, now, ct) =>
        {
            var leased = new List<LeasedOutboxMessage>();
            await using (var select = transaction.Connection!.Command(SelectDue, transaction))
            {
                select.AddParameter("now", now);
                select.AddParameter("max", maxCount);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    leased.Add(new LeasedOutboxMessage(reader.GetString(0), reader.GetString(1), UnixMicroseconds.ToTime(reader.GetInt64(2)),
                        reader.IsDBNull(3) ? null : UnixMicroseconds.ToTime(reader.GetInt64(3)), (int)reader.GetInt64(4)));
                }
            }

            foreach (var message in leased)
            {
                await using var update = transaction.Connection!.Command(
                    "UPDATE outbox SET leased_until = @until, leased_by = @owner WHERE id = @id", transaction);
                update.AddParameter("owner", owner);
                update.AddParameter("until", now + (long)leaseFor.TotalMicroseconds);
                update.AddParameter("id", message.Id);
                await update.ExecuteNonQueryAsync(ct);
            }

            return leased;
        }, cancellationToken);

    public Task RescheduleAsync(string id, DateTimeOffset notBefore, string failure, CancellationToken cancellationToken = default) =>
        WriteAsync(async (transaction, _, ct) =>
        {
            await using var command = transaction.Connection!.Command("""
                UPDATE outbox SET next_attempt_at = @next, leased_until = NULL, leased_by = NULL, attempts = attempts + 1, last_error = @error WHERE id = @id
                """, transaction);
            command.AddParameter("next", UnixMicroseconds.From(notBefore));
            command.AddParameter("error", failure.Length > 500 ? failure[..500] : failure);
            command.AddParameter("id", id);
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async (transaction, _, ct) =>
        {
            await using var command = transaction.Connection!.Command(Delete, transaction);
            command.AddParameter("id", id);
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    public async Task<(int Count, DateTimeOffset? Oldest)> DepthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.Command("SELECT COUNT(*), MIN(enqueued_at) FROM outbox");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return ((int)reader.GetInt64(0), reader.IsDBNull(1) ? null : UnixMicroseconds.ToTime(reader.GetInt64(1)));
        }
        catch (DbException e) when (dialect.IsUnavailable(e))
        {
            throw dialect.Unavailable(e);
        }
    }

    async Task<T> WriteAsync<T>(Func<DbTransaction, long, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            await using var write = await dialect.BeginWriteAsync(connection, cancellationToken);
            var result = await work(write.Transaction, UnixMicroseconds.From(timeProvider.GetUtcNow()), cancellationToken);
            await write.CommitAsync();
            return result;
        }
        catch (DbException e) when (dialect.IsUnavailable(e))
        {
            throw dialect.Unavailable(e);
        }
    }
}
