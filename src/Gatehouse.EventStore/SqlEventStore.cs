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
        // the clock does not step back). One time per batch of appends, as ZITADEL uses the transaction's time.
        groupCommit = new GroupCommit(dialect, (write, appends) =>
            AppendInTransactionAsync(write, appends, UnixMicroseconds.Truncate(timeProvider.GetUtcNow()), CancellationToken.None));
    }

    public Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken = default)
    {
        Validate(requests);
        return groupCommit.AppendAsync(requests, cancellationToken);
    }

    /// <summary>Writes the appends still queued and stops the group-commit thread.</summary>
    public void Dispose() => groupCommit.Dispose();

    /// <summary>
    /// All the work of several appends inside one transaction that holds the write lock (or takes it with its first
    /// statements). Connection, lock and commit belong to <see cref="GroupCommit"/>.
    /// <para>
    /// On PostgreSQL this is two round trips however many appends there are: the lock with every stream head, then
    /// every insert, claim and outbox change; the projections' statements follow. The heads are checked in
    /// between, with the appends before in the batch counted, so an append that lost a race writes nothing and fails
    /// alone. Any other failure throws, the transaction then holding part of the batch; GroupCommit rolls it back and
    /// writes the appends one by one.
    /// </para>
    /// </summary>
    // Long: the statements of one transaction in the order the store's guarantees rely on (expectations, claims,
    // events, outbox, projections); split, that order would be spread over several methods.
    internal async Task<AppendOutcome[]> AppendInTransactionAsync(
        WriteTransaction write, IReadOnlyList<IReadOnlyList<AppendRequest>> appends, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var heads = await ReadStreamHeadsAsync(write, appends, cancellationToken);
        var createdAtMicroseconds = UnixMicroseconds.From(createdAt);
        var outcomes = new AppendOutcome[appends.Count];
        var writes = new StatementBatch(write, dialect.SendsBatches);
        var inserted = new List<(int Append, StoredEvent Event, int Row)>();
        var claims = new List<(int Row, UniqueClaim Claim, string AggregateId)>();
        try
        {
            for (var a = 0; a < appends.Count; a++)
            {
                if (LostRace(appends[a], heads) is { } lost)
                {
                    outcomes[a] = new AppendOutcome(null, lost);
                    continue;
                }

                foreach (var request in appends[a])
                {
                    var stream = request.Stream;
                    var (lastSequence, storedOwner) = heads[stream];
                    // As in ZITADEL, the first event fixes the owner and later events keep it, whatever the command says.
                    var owner = storedOwner ?? request.ResourceOwner;
                    for (var i = 0; i < request.Events.Count; i++)
                    {
                        var next = request.Events[i];
                        var sequence = lastSequence + i + 1;
                        var row = writes.Query(InsertEvent,
                            ("aggregate_type", stream.AggregateType), ("aggregate_id", stream.AggregateId), ("sequence", sequence),
                            ("event_type", next.Type), ("payload", next.Payload), ("created_at", createdAtMicroseconds),
                            ("resource_owner", owner), ("creator", request.Creator));
                        inserted.Add((a, new StoredEvent(0, stream, sequence, next.Type, next.Payload, createdAt, owner, request.Creator), row));
                    }

                    // Later appends of the batch to the same stream see this one as its head.
                    heads[stream] = (lastSequence + request.Events.Count, owner);
                    foreach (var claim in request.Releases)
                    {
                        // Only the holder can release: a stale release must not free a value another aggregate has taken since.
                        writes.Execute(DeleteClaim, ("claim_type", claim.ClaimType), ("claim_value", claim.Value), ("aggregate_id", stream.AggregateId));
                    }

                    foreach (var claim in request.Claims)
                    {
                        // ON CONFLICT rather than catching the violation: on PostgreSQL an error aborts the whole
                        // transaction. Whoever holds the value afterwards tells whether the claim is ours.
                        writes.Execute(InsertClaim, ("claim_type", claim.ClaimType), ("claim_value", claim.Value), ("aggregate_id", stream.AggregateId));
                        claims.Add((writes.Query(SelectClaimOwner, ("claim_type", claim.ClaimType), ("claim_value", claim.Value)), claim, stream.AggregateId));
                    }

                    SqlOutbox.Enqueue(writes, request.Outbox, createdAtMicroseconds);
                    SqlOutbox.Finish(writes, request.OutboxDone);
                }
            }

            await writes.SendAsync(cancellationToken);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            // Unreachable while every writer takes the write lock; if a writer ever bypasses it, the constraint
            // still keeps sequences unique and the caller sees an ordinary concurrency conflict. The transaction
            // is unusable now (PostgreSQL), so the actual sequences are read on a fresh connection.
            throw await ConflictAsync(appends, outcomes, cancellationToken);
        }

        foreach (var (row, claim, aggregateId) in claims)
        {
            if ((string?)writes.Row(row)?[0] != aggregateId)
            {
                throw new UniqueClaimTakenException(claim);
            }
        }

        var stored = new List<StoredEvent>[appends.Count];
        foreach (var (a, e, row) in inserted)
        {
            (stored[a] ??= []).Add(e with { Position = Convert.ToInt64(writes.Row(row)![0], CultureInfo.InvariantCulture) });
        }

        // Every projection's writes for every append of the group, in one round trip on PostgreSQL.
        var projected = new StatementBatch(write, dialect.SendsBatches);
        for (var a = 0; a < appends.Count; a++)
        {
            if (outcomes[a] is not null)
            {
                continue;
            }

            var events = stored[a].AsReadOnly();
            foreach (var projection in projections)
            {
                projection.Apply(projected, events);
            }

            outcomes[a] = new AppendOutcome(events, null);
        }

        await projected.SendAsync(cancellationToken);

        return outcomes;
    }

    /// <summary>The last sequence and owner of every stream the appends write, read after the lock in one batch.</summary>
    async Task<Dictionary<StreamId, (long LastSequence, string? Owner)>> ReadStreamHeadsAsync(
        WriteTransaction write, IReadOnlyList<IReadOnlyList<AppendRequest>> appends, CancellationToken cancellationToken)
    {
        var reads = new StatementBatch(write, dialect.SendsBatches);
        var rows = new Dictionary<StreamId, int>();
        foreach (var request in appends.SelectMany(append => append))
        {
            if (!rows.ContainsKey(request.Stream))
            {
                rows[request.Stream] = reads.Query(SelectStreamHead,
                    ("aggregate_type", request.Stream.AggregateType), ("aggregate_id", request.Stream.AggregateId));
            }
        }

        await reads.SendAsync(cancellationToken);
        var heads = new Dictionary<StreamId, (long, string?)>(rows.Count);
        foreach (var (stream, row) in rows)
        {
            heads[stream] = reads.Row(row) is { } head
                ? (Convert.ToInt64(head[0], CultureInfo.InvariantCulture), (string?)head[1])
                : (0, null);
        }

        return heads;
    }

    /// <summary>
    /// The conflict of an append whose expected sequence is not its stream's head. Every expectation of an append is
    /// checked before anything of it is written, so a lost race leaves the transaction untouched.
    /// </summary>
    static WrongExpectedSequenceException? LostRace(IReadOnlyList<AppendRequest> append, Dictionary<StreamId, (long LastSequence, string? Owner)> heads)
    {
        foreach (var request in append)
        {
            var actual = heads[request.Stream].LastSequence;
            if (actual != request.ExpectedSequence)
            {
                return new WrongExpectedSequenceException(request.Stream, request.ExpectedSequence, actual) { BeforeAnyWrite = true };
            }
        }

        return null;
    }

    /// <summary>
    /// The conflict behind a unique violation of the writes (only the events' sequences can clash there: claims and the
    /// outbox insert with ON CONFLICT): the first stream that moved, or else the first one written.
    /// </summary>
    async Task<WrongExpectedSequenceException> ConflictAsync(
        IReadOnlyList<IReadOnlyList<AppendRequest>> appends, AppendOutcome[] outcomes, CancellationToken cancellationToken)
    {
        WrongExpectedSequenceException? first = null;
        for (var a = 0; a < appends.Count; a++)
        {
            if (outcomes[a] is not null)
            {
                continue;
            }

            foreach (var request in appends[a])
            {
                var actual = await ReadLastSequenceAsync(request.Stream, cancellationToken);
                if (actual != request.ExpectedSequence)
                {
                    return new WrongExpectedSequenceException(request.Stream, request.ExpectedSequence, actual);
                }

                first ??= new WrongExpectedSequenceException(request.Stream, request.ExpectedSequence, actual);
            }
        }

        return first!;
    }

    async Task<long> ReadLastSequenceAsync(StreamId stream, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectStreamHead);
        command.AddParameter("aggregate_type", stream.AggregateType);
        command.AddParameter("aggregate_id", stream.AggregateId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
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
