using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>A transaction holding the global write lock; disposing it without committing rolls back.</summary>
/// <param name="pendingLock">
/// A statement that takes the lock, when the dialect left it to be sent with the transaction's first statements (see
/// <see cref="StorageDialect.BeginBatchedWriteAsync"/>); null when the lock is already held.
/// </param>
internal sealed class WriteTransaction(DbTransaction transaction, Action releaseLock, string? pendingLock = null) : IAsyncDisposable
{
    public DbTransaction Transaction => transaction;

    // Not cancellable: once we decide to commit, a cancellation could only leave the caller unsure of the outcome.
    public Task CommitAsync() => transaction.CommitAsync(CancellationToken.None);

    private bool disposed;

    /// <summary>The statement that takes the lock, once: whoever takes it must send it before anything else.</summary>
    public string? TakePendingLock()
    {
        var statement = pendingLock;
        pendingLock = null;
        return statement;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            releaseLock();
        }
    }
}
