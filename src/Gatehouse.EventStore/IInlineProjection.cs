using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// A read model kept in step with the log: it sees every appended event inside the append's transaction,
/// so a read after an acknowledged write always sees it, and its writes roll back with a failed append.
/// SQL must run unchanged on SQLite and PostgreSQL. Commands must be created on
/// <c>transaction.Connection</c> with <c>Transaction = transaction</c> set (SQLite refuses them otherwise).
/// </summary>
public interface IInlineProjection
{
    /// <param name="events">All events of one append, across its streams, in the order they were stored.</param>
    Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);
}
