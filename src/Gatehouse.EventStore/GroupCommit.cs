using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// Group commit: appends that arrive while a transaction is being written wait for it and then share the next one,
/// so many concurrent appends cost one transaction and one flush to disk (one fsync of SQLite's WAL with
/// synchronous=FULL, one WAL flush of PostgreSQL) instead of one each. Nothing waits for a timer: a lone append is
/// written at once, and a batch holds exactly the appends that queued up during the previous commit.
/// <para>
/// Each append of a batch succeeds or fails alone: its optimistic-concurrency check, unique claims and projections
/// are its own, and an append that fails leaves no trace while the others commit. The common failure, a lost race
/// (<see cref="WrongExpectedSequenceException"/>), is found before the append writes anything, so it needs no undo;
/// a batch is first written without savepoints, and only when an append fails in any other way (a unique claim
/// taken, say) is the transaction rolled back and the batch written again with each append in its own savepoint.
/// Only a failure of the transaction itself (the database gone, the disk full, the commit refused) fails the whole
/// batch.
/// An append is acknowledged only after the commit that contains it, so durability is exactly that of one
/// transaction per append.
/// </para>
/// <para>
/// Batches are written by one dedicated thread. SQLite's API is synchronous underneath its async methods, so the
/// fsync blocks the thread that commits; on a dedicated thread it does not hold up request processing on the
/// thread pool (which, on one core, starts with a single worker).
/// </para>
/// </summary>
internal sealed class GroupCommit(StorageDialect dialect, GroupCommit.AppendWork work) : IDisposable
{
    /// <summary>
    /// All the writes of some appends inside a transaction that holds the write lock (or sends it first). An append
    /// that lost a race it found before writing anything comes back as such; any other failure throws.
    /// </summary>
    public delegate Task<AppendOutcome[]> AppendWork(WriteTransaction write, IReadOnlyList<IReadOnlyList<AppendRequest>> appends);

    // Bounds the work done under one write lock, so that other writers (the outbox, migrations) still get their turn.
    const int MaxBatch = 256;
    const string Savepoint = "gatehouse_append";

    readonly object gate = new();
    readonly Queue<PendingAppend> queue = new();
    Thread? writer;
    bool stopping;

    // The writer's own connection, kept open so that its prepared statements (PreparedCommands) live on; replaced
    // after a failure that may have broken it.
    DbConnection? connection;

    public Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendResult>(cancellationToken);
        }

        var pending = new PendingAppend(requests, cancellationToken);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            queue.Enqueue(pending);
            if (writer is null)
            {
                writer = new Thread(WriteBatches) { IsBackground = true, Name = "Gatehouse group commit" };
                writer.Start();
            }

            Monitor.Pulse(gate);
        }

        return pending.Task;
    }

    /// <summary>Writes what is queued, then stops the writer thread.</summary>
    public void Dispose()
    {
        Thread? running;
        lock (gate)
        {
            stopping = true;
            running = writer;
            Monitor.PulseAll(gate);
        }

        running?.Join();
        connection?.Dispose();
        connection = null;
    }

    void WriteBatches()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (true)
        {
            lock (gate)
            {
                while (queue.Count == 0 && !stopping)
                {
                    Monitor.Wait(gate);
                }

                if (queue.Count == 0)
                {
                    return;
                }

                while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
                {
                    // An append whose caller gave up while it was queued is left out and writes nothing.
                    if (next.TryTake())
                    {
                        batch.Add(next);
                    }
                }
            }

            if (batch.Count > 0)
            {
                // Synchronous on purpose: see the class comment. With PostgreSQL the awaits inside complete on the
                // thread pool while this thread waits.
                WriteBatchAsync(batch).GetAwaiter().GetResult();
                batch.Clear();
            }
        }
    }

    // Long: writing a batch, falling back to one append at a time and completing every waiter belong together, so no
    // waiter is left without an answer.
    async Task WriteBatchAsync(List<PendingAppend> batch)
    {
        var written = new List<(PendingAppend Append, IReadOnlyList<StoredEvent> Events)>(batch.Count);
        try
        {
            // Not cancellable: the batch belongs to many callers, and each one's cancellation only counts while it
            // is still queued.
            if (connection is null)
            {
                connection = await dialect.DataSource.OpenConnectionAsync(CancellationToken.None);
                await dialect.ConfigureWriterAsync(connection);
            }
            var write = await dialect.BeginBatchedWriteAsync(connection, CancellationToken.None);
            try
            {
                if (batch.Count == 1)
                {
                    // Alone in its transaction: if it fails, the rollback of the whole transaction is its rollback.
                    Take(batch, await work(write, [batch[0].Requests]), written);
                }
                else if (!await TryWriteTogetherAsync(write, batch, written))
                {
                    // An append failed after writing: undo the lot and write the batch again, each in a savepoint.
                    await write.DisposeAsync();
                    written.Clear();
                    write = await dialect.BeginBatchedWriteAsync(connection, CancellationToken.None);
                    await WriteWithSavepointsAsync(write, batch, written);
                }

                if (written.Count > 0)
                {
                    await write.CommitAsync();
                }
            }
            finally
            {
                await write.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            var failure = e is DbException db && dialect.IsUnavailable(db) ? dialect.Unavailable(db) : e;
            foreach (var pending in batch)
            {
                pending.Fail(failure);
            }

            if (e is DbException)
            {
                // The connection may be broken; the next batch opens a fresh one.
                await DropConnectionAsync();
            }

            return;
        }

        foreach (var (pending, events) in written)
        {
            pending.Complete(new AppendResult(events));
        }
    }

    /// <summary>
    /// Every append of the batch in one go (one round trip per step on PostgreSQL, see SqlEventStore). False when an
    /// append failed after it had written: the transaction then holds part of the batch and must be rolled back.
    /// Appends that lost a race are failed here; having written nothing, they need no undo.
    /// </summary>
    async Task<bool> TryWriteTogetherAsync(
        WriteTransaction write, List<PendingAppend> batch, List<(PendingAppend, IReadOnlyList<StoredEvent>)> written)
    {
        AppendOutcome[] outcomes;
        try
        {
            outcomes = await work(write, [.. batch.Select(pending => pending.Requests)]);
        }
        catch (Exception e) when (!BreaksTransaction(e))
        {
            return false;
        }

        Take(batch, outcomes, written);
        return true;
    }

    async Task WriteWithSavepointsAsync(
        WriteTransaction write, List<PendingAppend> batch, List<(PendingAppend, IReadOnlyList<StoredEvent>)> written)
    {
        // The lock must be taken outside every savepoint: rolling back to one releases the locks taken after it.
        var transaction = write.Transaction;
        if (write.TakePendingLock() is { } lockStatement)
        {
            await transaction.PreparedCommand(lockStatement).ExecuteNonQueryAsync();
        }

        // Appends failed by the first attempt (lost races) stay failed: a caller retries those anyway.
        foreach (var pending in batch.Where(p => !p.Task.IsCompleted))
        {
            await transaction.PreparedCommand($"SAVEPOINT {Savepoint}").ExecuteNonQueryAsync();
            try
            {
                Take([pending], await work(write, [pending.Requests]), written);
                await transaction.PreparedCommand($"RELEASE SAVEPOINT {Savepoint}").ExecuteNonQueryAsync();
            }
            catch (Exception e) when (!BreaksTransaction(e))
            {
                await transaction.PreparedCommand($"ROLLBACK TO SAVEPOINT {Savepoint}").ExecuteNonQueryAsync();
                await transaction.PreparedCommand($"RELEASE SAVEPOINT {Savepoint}").ExecuteNonQueryAsync();
                pending.Fail(e);
            }
        }
    }

    /// <summary>Notes the written appends; those that lost a race fail now.</summary>
    static void Take(List<PendingAppend> batch, AppendOutcome[] outcomes, List<(PendingAppend, IReadOnlyList<StoredEvent>)> written)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].LostRace is { } lost)
            {
                batch[i].Fail(lost);
            }
            else
            {
                written.Add((batch[i], outcomes[i].Events!));
            }
        }
    }

    async Task DropConnectionAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    /// <summary>The connection or the database failed: nothing more can be written in this transaction.</summary>
    bool BreaksTransaction(Exception exception) => exception is DbException db && dialect.IsUnavailable(db);

    sealed class PendingAppend
    {
        const int Queued = 0;
        const int Taken = 1;
        const int Cancelled = 2;

        readonly TaskCompletionSource<AppendResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly CancellationTokenRegistration registration;
        int state;

        public PendingAppend(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken)
        {
            Requests = requests;
            if (cancellationToken.CanBeCanceled)
            {
                registration = cancellationToken.UnsafeRegister(static (self, token) => ((PendingAppend)self!).TryCancel(token), this);
            }
        }

        public IReadOnlyList<AppendRequest> Requests { get; }

        public Task<AppendResult> Task => completion.Task;

        /// <summary>Claims the append for a batch, unless its caller cancelled first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref state, Taken, Queued) == Queued;

        public void Complete(AppendResult result)
        {
            registration.Unregister();
            completion.TrySetResult(result);
        }

        public void Fail(Exception exception)
        {
            registration.Unregister();
            completion.TrySetException(exception);
        }

        void TryCancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref state, Cancelled, Queued) == Queued)
            {
                completion.TrySetCanceled(token);
            }
        }
    }
}
