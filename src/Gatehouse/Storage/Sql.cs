using System.Data.Common;
using Gatehouse.EventStore;

namespace Gatehouse.Storage;

/// <summary>
/// Small helpers so read-model code states its SQL and parameters and nothing else. The SQL is plain and portable:
/// named <c>@parameters</c>, <c>INSERT … ON CONFLICT … DO UPDATE</c>, which SQLite and PostgreSQL both accept.
/// </summary>
internal static class Sql
{
    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Prepare(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Inside a write transaction (projections): the command stays prepared on the writer's connection.</summary>
    public static Task<int> ExecuteAsync(this DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        transaction.PreparedCommand(sql, parameters).ExecuteNonQueryAsync(ct);

    public static async Task<List<T>> QueryAsync<T>(this DbDataSource dataSource, string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Prepare(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static async Task<T?> QuerySingleAsync<T>(this DbDataSource dataSource, string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
        where T : class =>
        (await dataSource.QueryAsync(sql, map, ct, parameters)).FirstOrDefault();

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static bool Flag(this DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    private static DbCommand Prepare(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
