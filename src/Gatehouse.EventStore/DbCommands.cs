using System.Data.Common;

namespace Gatehouse.EventStore;

internal static class DbCommands
{
    /// <summary>A command on <paramref name="connection"/>, enlisted in <paramref name="transaction"/> (SQLite requires it).</summary>
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter for <c>@name</c>, which both providers accept.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
