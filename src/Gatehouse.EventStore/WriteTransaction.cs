using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>A transaction holding the global write lock; disposing it without committing rolls back.</summary>
internal sealed class WriteTransaction(DbTransaction transaction, Action releaseLock) : IAsyncDisposable
{
    public DbTransaction Transaction => transaction;

    // Not cancellable: once we decide to commit, a cancellation could only leave the caller unsure of the outcome.
    public Task CommitAsync() => transaction.CommitAsync(CancellationToken.None);

    private bool disposed;

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
