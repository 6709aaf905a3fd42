using System.Data.Common;
using System.Globalization;

namespace Gatehouse.EventStore;

/// <summary>
/// The one event store implementation, for both backends; what differs between them is in <see cref="StorageDialect"/>.
/// </summary>
internal sealed class SqlEventStore : IEventStore, IDisposable
{
    const string EventColumns = "position, aggregate_type, aggregate_id, sequence, event_type, payload, created_at, resource_owner, creator";

    const string SelectStreamHead = """
        SELECT sequence, resource_owner FROM events
        WHERE aggregate_type = @aggregate_type AND aggregate_id = @aggregate_id
        ORDER BY sequence DESC LIMIT 1
        """;

    const string InsertEvent = """
        INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, created_at, resource_owner, creator)
        VALUES (@aggregate_type, @aggregate_id, @sequence, @event_type, @payload, @created_at, @resource_owner, @creator)
        RETURNING position
        """;

    const string InsertClaim = """
        INSERT INTO unique_claims (claim_type, claim_value, aggregate_id) VALUES (@claim_type, @claim_value, @aggregate_id)
        ON CONFLICT (claim_type, claim_value) DO NOTHING
        """;

    const string DeleteClaim = """
        DELETE FROM unique_claims WHERE claim_type = @claim_type AND claim_value = @claim_value AND aggregate_id = @aggregate_id
        """;

    const string SelectClaimOwner = "SELECT aggregate_id FROM unique_claims WHERE claim_type = @claim_type AND claim_value = @claim_value";

    const string SelectStream = $"""
        SELECT {EventColumns} FROM events
        WHERE aggregate_type = @aggregate_type AND aggregate_id = @aggregate_id AND sequence > @after
        ORDER BY sequence
        """;

    const string SelectAll = $"SELECT {EventColumns} FROM events WHERE position > @after ORDER BY position LIMIT @max";

    readonly StorageDialect dialect;
    readonly IReadOnlyList<IInlineProjection> projections;
    readonly GroupCommit groupCommit;

    public SqlEventStore(StorageDialect dialect, IReadOnlyList<IInlineProjection> projections, TimeProvider timeProvider)
    {
        this.dialect = dialect;
        this.projections = projections;
        // The clock is read under the write lock, so that the time of events grows with their position (as long as
        // the clock does not step back). One time per append, as ZITADEL uses the transaction's time.
        groupCommit = new GroupCommit(dialect, (transaction, requests) =>
            AppendInTransactionAsync(transaction, requests, UnixMicroseconds.Truncate(timeProvider.GetUtcNow()), CancellationToken.None));
    }

    public Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken = default)
    {
        Validate(requests);
        return groupCommit.AppendAsync(requests, cancellationToken);
    }

    /// <summary>Writes the appends still queued and stops the group-commit thread.</summary>
    public void Dispose() => groupCommit.Dispose();

    /// <summary>
    /// All the work of one append inside a transaction that already holds the write lock. Connection, lock and
    /// commit belong to <see cref="GroupCommit"/>, which runs several appends in one transaction, each in its own
    /// savepoint.
    /// </summary>
    internal async Task<IReadOnlyList<StoredEvent>> AppendInTransactionAsync(
        DbTransaction transaction, IReadOnlyList<AppendRequest> requests, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        // Every expectation is checked before anything is written, so a lost race leaves the transaction untouched
        // and needs no savepoint to undo (see GroupCommit).
        var heads = new (long LastSequence, string? Owner)[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            heads[i] = await ReadStreamHeadAsync(transaction, requests[i].Stream, cancellationToken);
            if (heads[i].LastSequence != requests[i].ExpectedSequence)
            {
                throw new WrongExpectedSequenceException(requests[i].Stream, requests[i].ExpectedSequence, heads[i].LastSequence)
                {
                    BeforeAnyWrite = true,
                };
            }
        }

        var stored = new List<StoredEvent>();
        for (var i = 0; i < requests.Count; i++)
        {
            stored.AddRange(await AppendToStreamAsync(transaction, requests[i], heads[i], createdAt, cancellationToken));
        }

        var events = stored.AsReadOnly();
        foreach (var projection in projections)
        {
            await projection.ApplyAsync(transaction, events, cancellationToken);
        }

        return events;
    }

    async Task<StoredEvent[]> AppendToStreamAsync(
        DbTransaction transaction, AppendRequest request, (long LastSequence, string? Owner) head, DateTimeOffset createdAt,
        CancellationToken cancellationToken)
    {
        var stream = request.Stream;
        var (lastSequence, storedOwner) = head;

        // As in ZITADEL, the first event fixes the owner and later events keep it, whatever the command says.
        var owner = storedOwner ?? request.ResourceOwner;
        var createdAtMicroseconds = UnixMicroseconds.From(createdAt);
        var stored = new StoredEvent[request.Events.Count];
        try
        {
            for (var i = 0; i < stored.Length; i++)
            {
                var next = request.Events[i];
                var insert = transaction.PreparedCommand(InsertEvent,
                    ("aggregate_type", stream.AggregateType), ("aggregate_id", stream.AggregateId), ("sequence", lastSequence + i + 1),
                    ("event_type", next.Type), ("payload", next.Payload), ("created_at", createdAtMicroseconds),
                    ("resource_owner", owner), ("creator", request.Creator));
                var position = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                stored[i] = new StoredEvent(position, stream, lastSequence + i + 1, next.Type, next.Payload, createdAt, owner, request.Creator);
            }
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            // Unreachable while every writer takes the write lock; if a writer ever bypasses it, the constraint
            // still keeps sequences unique and the caller sees an ordinary concurrency conflict. The transaction
            // is unusable now (PostgreSQL), so the actual sequence is read on a fresh connection.
            var actual = await ReadLastSequenceAsync(stream, cancellationToken);
            throw new WrongExpectedSequenceException(stream, request.ExpectedSequence, actual);
        }

        foreach (var claim in request.Releases)
        {
            await ReleaseAsync(transaction, claim, stream.AggregateId, cancellationToken);
        }

        foreach (var claim in request.Claims)
        {
            await ClaimAsync(transaction, claim, stream.AggregateId, cancellationToken);
        }

        await SqlOutbox.EnqueueAsync(transaction, request.Outbox, createdAtMicroseconds, cancellationToken);
        await SqlOutbox.FinishAsync(transaction, request.OutboxDone, cancellationToken);
        return stored;
    }

    static async Task<(long LastSequence, string? Owner)> ReadStreamHeadAsync(
        DbTransaction transaction, StreamId stream, CancellationToken cancellationToken)
    {
        var command = transaction.PreparedCommand(SelectStreamHead, ("aggregate_type", stream.AggregateType), ("aggregate_id", stream.AggregateId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : (0, null);
    }

    async Task<long> ReadLastSequenceAsync(StreamId stream, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectStreamHead);
        command.AddParameter("aggregate_type", stream.AggregateType);
        command.AddParameter("aggregate_id", stream.AggregateId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
    }

    static async Task ClaimAsync(DbTransaction transaction, UniqueClaim claim, string aggregateId, CancellationToken cancellationToken)
    {
        // ON CONFLICT rather than catching the violation: on PostgreSQL an error aborts the whole transaction.
        var insert = transaction.PreparedCommand(InsertClaim, ("claim_type", claim.ClaimType), ("claim_value", claim.Value), ("aggregate_id", aggregateId));
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return;
        }

        var select = transaction.PreparedCommand(SelectClaimOwner, ("claim_type", claim.ClaimType), ("claim_value", claim.Value));
        var owner = (string?)await select.ExecuteScalarAsync(cancellationToken);
        if (owner != aggregateId)
        {
            throw new UniqueClaimTakenException(claim);
        }
    }

    static async Task ReleaseAsync(DbTransaction transaction, UniqueClaim claim, string aggregateId, CancellationToken cancellationToken)
    {
        // Only the holder can release: a stale release must not free a value another aggregate has taken since.
        var delete = transaction.PreparedCommand(DeleteClaim, ("claim_type", claim.ClaimType), ("claim_value", claim.Value), ("aggregate_id", aggregateId));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        QueryAsync(SelectStream, command =>
        {
            command.AddParameter("aggregate_type", stream.AggregateType);
            command.AddParameter("aggregate_id", stream.AggregateId);
            command.AddParameter("after", afterSequence);
        }, ReadEventsAsync, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return QueryAsync(SelectAll, command =>
        {
            command.AddParameter("after", afterPosition);
            command.AddParameter("max", maxCount);
        }, ReadEventsAsync, cancellationToken);
    }

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT COALESCE(MAX(position), 0) FROM events", _ => { },
            async (command, ct) => Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture), cancellationToken);

    public Task<string?> FindClaimOwnerAsync(UniqueClaim claim, CancellationToken cancellationToken = default) =>
        QueryAsync(SelectClaimOwner, command =>
        {
            command.AddParameter("claim_type", claim.ClaimType);
            command.AddParameter("claim_value", claim.Value);
        }, async (command, ct) => (string?)await command.ExecuteScalarAsync(ct), cancellationToken);

    async Task<T> QueryAsync<T>(
        string sql, Action<DbCommand> bind, Func<DbCommand, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.Command(sql);
            bind(command);
            return await run(command, cancellationToken);
        }
        catch (DbException e) when (dialect.IsUnavailable(e))
        {
            throw dialect.Unavailable(e);
        }
    }

    static async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(
                Position: reader.GetInt64(0),
                Stream: new StreamId(reader.GetString(1), reader.GetString(2)),
                Sequence: reader.GetInt64(3),
                Type: reader.GetString(4),
                Payload: reader.IsDBNull(5) ? null : reader.GetString(5),
                CreatedAt: UnixMicroseconds.ToTime(reader.GetInt64(6)),
                ResourceOwner: reader.GetString(7),
                Creator: reader.GetString(8)));
        }

        return events;
    }

    static void Validate(IReadOnlyList<AppendRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("An append needs at least one request.", nameof(requests));
        }

        var streams = new HashSet<StreamId>();
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
            // All expectations are checked before anything is written, so each stream may appear once.
            if (!streams.Add(request.Stream))
            {
                throw new ArgumentException($"The append names {request.Stream} twice; put its events in one request.", nameof(requests));
            }

            if (string.IsNullOrEmpty(request.Stream.AggregateType) || string.IsNullOrEmpty(request.Stream.AggregateId))
            {
                throw new ArgumentException("A stream needs an aggregate type and id.", nameof(requests));
            }

            if (request.ExpectedSequence < 0)
            {
                throw new ArgumentException($"Expected sequence of {request.Stream} is negative.", nameof(requests));
            }

            // ZITADEL never pushes a command without events; a claim without an event would have no history.
            if (request.Events.Count == 0)
            {
                throw new ArgumentException($"The append to {request.Stream} has no events.", nameof(requests));
            }
        }
    }
}
