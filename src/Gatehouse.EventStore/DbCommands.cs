using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// Small helpers so storage code states its SQL and parameters and nothing else, for the event store and the read
/// models alike. The SQL is plain and portable: named <c>@parameters</c>, <c>INSERT … ON CONFLICT … DO UPDATE</c>,
/// which SQLite and PostgreSQL both accept.
/// </summary>
public static class DbCommands
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

    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Prepare(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static Task<int> ExecuteAsync(this DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        transaction.Connection!.ExecuteAsync(transaction, sql, ct, parameters);

    /// <summary>
    /// Rows of a read-model query. An unreachable database surfaces as <see cref="StoreUnavailableException"/> (the
    /// store's mapping), so callers and the API's error mapping never see provider exceptions for an outage.
    /// </summary>
    public static Task<List<T>> QueryAsync<T>(this IReadModels readModels, string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        readModels.QueryAsync(async (connection, token) =>
        {
            await using var command = Prepare(connection, null, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<T>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(map(reader));
            }

            return rows;
        }, ct);

    /// <summary>A statement on a read-model table outside the event log (keys, replay guards), with the outage mapping.</summary>
    public static Task<int> ExecuteAsync(this IReadModels readModels, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        readModels.QueryAsync((connection, token) => connection.ExecuteAsync(null, sql, token, parameters), ct);

    public static async Task<T?> QuerySingleAsync<T>(this IReadModels readModels, string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
        where T : class =>
        (await readModels.QueryAsync(sql, map, ct, parameters)).FirstOrDefault();

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static bool Flag(this DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    private static DbCommand Prepare(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(sql, transaction);
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }
}
