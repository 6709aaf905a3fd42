using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// Everything that differs between SQLite and PostgreSQL. The store and the migrator are written once against
/// <see cref="DbDataSource"/>; keep this seam small so that both backends run the same SQL and pass the same tests.
/// </summary>
internal abstract class StorageDialect : IAsyncDisposable
{
    public abstract StoreProvider Provider { get; }

    /// <summary>Hands out open connections already configured for this backend.</summary>
    public abstract DbDataSource DataSource { get; }

    /// <summary>Column type and constraint of an auto-incrementing BIGINT primary key (<c>{identity}</c>).</summary>
    protected abstract string IdentityPrimaryKey { get; }

    /// <summary>Binary column type (<c>{bytes}</c>).</summary>
    protected abstract string BytesType { get; }

    public string ExpandPlaceholders(string sql) => sql
        .Replace("{identity}", IdentityPrimaryKey, StringComparison.Ordinal)
        .Replace("{bytes}", BytesType, StringComparison.Ordinal);

    /// <summary>
    /// Begins a transaction on <paramref name="connection"/> that holds the global write lock until it ends.
    /// Every write of the store and the migrator goes through here, so writes are serialised and positions are
    /// assigned and committed in the same order.
    /// </summary>
    public abstract Task<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="BeginWriteAsync"/>, for a writer that sends its statements in <see cref="StatementBatch"/>es:
    /// where taking the lock is a statement, it may be left to go out with the first batch, saving a round trip. The
    /// lock is still taken before any statement of the transaction reads or writes a table.
    /// </summary>
    public virtual Task<WriteTransaction> BeginBatchedWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    /// <summary>
    /// Whether a <see cref="StatementBatch"/> is worth sending as one batch: true for a server across a socket, where
    /// each statement sent alone costs a round trip.
    /// </summary>
    public abstract bool SendsBatches { get; }

    /// <summary>Settings for the one connection the group-commit writer keeps open (nothing by default).</summary>
    public virtual Task ConfigureWriterAsync(DbConnection connection) => Task.CompletedTask;

    /// <summary>Keeps other processes from migrating until <see cref="UnlockMigrationsAsync"/>.</summary>
    public abstract Task LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract Task UnlockMigrationsAsync(DbConnection connection);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>The database could not be reached, refused us or did not answer in time.</summary>
    public abstract bool IsUnavailable(DbException exception);

    public abstract StoreUnavailableException Unavailable(DbException exception);

    public abstract ValueTask DisposeAsync();

    /// <summary>The provider's message and its cause, with <paramref name="secret"/> blanked out just in case.</summary>
    protected static string Reason(Exception exception, string? secret)
    {
        var reason = exception.Message;
        if (exception.InnerException is { } inner && !reason.Contains(inner.Message.TrimEnd('.'), StringComparison.Ordinal))
        {
            reason = $"{reason} ({inner.Message})";
        }

        return string.IsNullOrEmpty(secret) ? reason : reason.Replace(secret, "***", StringComparison.Ordinal);
    }
}
