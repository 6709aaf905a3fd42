using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// A read model kept in step with the log: it sees every appended event inside the append's transaction,
/// so a read after an acknowledged write always sees it. SQL must run unchanged on SQLite and PostgreSQL.
/// </summary>
public interface IInlineProjection
{
    Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);
}
