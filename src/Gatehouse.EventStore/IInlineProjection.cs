namespace Gatehouse.EventStore;

/// <summary>
/// A read model kept in step with the log: it sees every appended event inside the append's transaction,
/// so a read after an acknowledged write always sees it, and its writes roll back with a failed append.
/// SQL must run unchanged on SQLite and PostgreSQL.
/// <para>
/// A projection only states its writes: the store sends every projection's statements of a whole group commit
/// together, one round trip on PostgreSQL, after the events are stored. A projection therefore never reads inside
/// the append and never depends on the result of its own statements; it folds what it needs from the events.
/// </para>
/// </summary>
public interface IInlineProjection
{
    /// <param name="statements">Where the projection's writes go, run in the order given.</param>
    /// <param name="events">All events of one append, across its streams, in the order they were stored.</param>
    void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events);
}
