using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Gatehouse.EventStore;

/// <summary>
/// Commands kept prepared per connection, for the statements that run inside appends. The group-commit writer keeps
/// one connection open, so the store's statements and those of the inline projections are parsed and planned once
/// instead of on every append (on SQLite, preparing a small statement costs about as much as running it).
/// </summary>
public static class PreparedCommands
{
    static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Cache = new();

    /// <summary>
    /// A prepared command for <paramref name="sql"/> on the transaction's connection, enlisted in it, with these
    /// parameter values (the same names in the same order on every call for one SQL text). The command belongs to
    /// the cache: execute it, dispose its reader, but do not dispose the command.
    /// </summary>
    public static DbCommand PreparedCommand(this DbTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has ended.");
        var commands = Cache.GetOrCreateValue(connection);
        if (commands.TryGetValue(sql, out var command))
        {
            if (command.Parameters.Count != parameters.Length)
            {
                throw new InvalidOperationException($"Every use of a prepared command must pass the same parameters: {sql}");
            }

            command.Transaction = transaction;
            for (var i = 0; i < parameters.Length; i++)
            {
                // Values are set by position: a call that names them in another order would silently swap them.
                var parameter = command.Parameters[i];
                if (!string.Equals(parameter.ParameterName, parameters[i].Name, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Every use of a prepared command must pass the same parameters in the same order: {sql}");
                }

                parameter.Value = parameters[i].Value ?? DBNull.Value;
            }

            return command;
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        // On PostgreSQL, Npgsql's automatic preparation (see PostgresDialect) does this and copes with a parameter
        // that is null on one call and text on the next; an explicit Prepare would fix the types of the first call.
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            command.Prepare();
        }

        commands[sql] = command;
        return command;
    }
}
