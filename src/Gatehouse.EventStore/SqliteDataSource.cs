using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Gatehouse.EventStore;

/// <summary>
/// Opens SQLite connections configured the same way for the store and for the app's read-model queries.
/// Foreign keys are also switched on in the connection string, so even a connection from <c>CreateConnection</c>
/// enforces them.
/// </summary>
internal sealed class SqliteDataSource(string connectionString, int busyTimeoutMilliseconds) : DbDataSource
{
    // The pool hands out the same native connection again and again, and pragmas stick to it: configure each one
    // once instead of parsing and running the pragmas on every open (which cost as much as a small query).
    readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = new();
    bool walEnabled;

    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            if (!configured.TryGetValue(connection.Handle!, out _))
            {
                using var pragmas = Pragmas(connection);
                pragmas.ExecuteNonQuery();
                walEnabled = true;
                configured.AddOrUpdate(connection.Handle!, this);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!configured.TryGetValue(connection.Handle!, out _))
            {
                await using var pragmas = Pragmas(connection);
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                walEnabled = true;
                configured.AddOrUpdate(connection.Handle!, this);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    SqliteCommand Pragmas(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        // WAL lets readers (queries, the outbox worker) run while a write commits. The journal mode is stored in the
        // database file, so setting it once per process suffices. synchronous=FULL makes an acknowledged append
        // survive a power loss, not just a crash. busy_timeout makes a second process wait for the write lock
        // instead of failing at once.
        command.CommandText = (walEnabled ? "" : "PRAGMA journal_mode = WAL;") +
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = " +
            busyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ClearPool();
        }

        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        ClearPool();
        return base.DisposeAsyncCore();
    }

    // Pooled connections keep the file open; closing them lets the app (and tests) move or delete the database.
    void ClearPool()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
