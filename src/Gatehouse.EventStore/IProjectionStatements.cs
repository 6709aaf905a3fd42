using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>The writes of inline projections: statements without rows (INSERT, UPDATE, DELETE), run in order.</summary>
public interface IProjectionStatements
{
    /// <summary>
    /// One statement. The same SQL text must always come with the same parameter names in the same order: the
    /// statement is prepared once per connection and later calls only set the values.
    /// </summary>
    void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters);

    /// <summary>Statements run at once in <paramref name="transaction"/>, for replays outside an append (rebuild, verify).</summary>
    static IProjectionStatements Immediate(DbTransaction transaction) => new ImmediateStatements(transaction);

    private sealed class ImmediateStatements(DbTransaction transaction) : IProjectionStatements
    {
        public void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
            transaction.PreparedCommand(sql, parameters).ExecuteNonQuery();
    }
}
