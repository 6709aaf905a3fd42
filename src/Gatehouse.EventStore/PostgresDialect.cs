using System.Data;
using System.Data.Common;
using Npgsql;

namespace Gatehouse.EventStore;

internal sealed class PostgresDialect : StorageDialect
{
    // Advisory lock keys are arbitrary numbers that every Gatehouse process must agree on ("gatehous" in ASCII).
    internal const long WriteLockKey = 0x6761_7465_686F_7573;
    const long MigrationLockKey = WriteLockKey + 1;

    readonly NpgsqlDataSource dataSource;
    readonly string target;
    readonly string? password;

    public PostgresDialect(string connectionString)
    {
        var builder = WithDefaults(connectionString);
        target = $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port}";
        password = builder.Password;
        dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>
    /// The operator's connection string, with Gatehouse's choices for the settings it leaves out. Npgsql's own
    /// defaults suit a single app that owns the server; Gatehouse runs as several nodes on one server and must answer
    /// a client quickly when the database is gone, so it waits less and holds fewer connections (see the README).
    /// </summary>
    internal static NpgsqlConnectionStringBuilder WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The builder writes only what was set, under canonical names whatever alias the operator used.
        var given = new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };

        // Opening a connection (and waiting for a free one from a full pool): a reachable server answers in
        // milliseconds, so 5 s means it is gone, and the caller gets Unavailable instead of hanging (Npgsql: 15 s).
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 5;
        }

        // One statement, including the wait for the global write lock. Every statement of Gatehouse is short; one
        // that runs this long is stuck behind a dead peer or a dying server (Npgsql: 30 s).
        if (!given.ContainsKey("Command Timeout"))
        {
            builder.CommandTimeout = 15;
        }

        // Per node. Writes queue on one lock anyway, so more connections buy little, and several nodes times
        // Npgsql's 100 would exceed PostgreSQL's default max_connections of 100.
        if (!given.ContainsKey("Maximum Pool Size"))
        {
            builder.MaxPoolSize = 20;
        }

        // Idle pooled connections are probed, so one cut by a firewall or a failover is noticed and dropped before
        // a request picks it up (Npgsql: off).
        if (!given.ContainsKey("Keepalive"))
        {
            builder.KeepAlive = 30;
        }

        // Statements that run over and over (every append's, every query's) are prepared on the server once per
        // connection; 0, the default, would parse and plan them on every execution.
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        // Npgsql resets a pooled connection's session when it is handed back: seven statements (RESET ALL, DISCARD
        // TEMP, UNLISTEN *, …) sent with the next request's first one, which made up two thirds of what the server ran
        // for a seed call. Gatehouse leaves no session state behind: no SET, no LISTEN, no temporary tables, its one
        // session-level lock (migrations) is unlocked before the connection is closed, and the write lock ends with
        // its transaction.
        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        // Names the nodes' sessions in pg_stat_activity.
        if (!given.ContainsKey("Application Name"))
        {
            builder.ApplicationName = "gatehouse";
        }

        return builder;
    }

    public override StoreProvider Provider => StoreProvider.Postgres;

    public override DbDataSource DataSource => dataSource;

    protected override string IdentityPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    protected override string BytesType => "BYTEA";

    public override async Task<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // READ COMMITTED takes a fresh snapshot per statement, so the checks after the lock see every append that
        // committed while we waited for it (REPEATABLE READ would keep the snapshot from before the wait).
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            // Identity values are handed out when rows are inserted, not when they commit: without this lock a
            // transaction could take position 11, commit after another took 12, and a reader that had already
            // checkpointed at 12 would never see 11. Holding one lock from before the first insert until commit
            // makes positions commit in order, so a reader can use the last position it saw as a checkpoint
            // without gaps from in-flight transactions. The lock is released by COMMIT or ROLLBACK.
            await using var command = connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction);
            command.AddParameter("key", WriteLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new WriteTransaction(transaction, static () => { });
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override async Task<WriteTransaction> BeginBatchedWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Npgsql sends BEGIN with the transaction's first statement, so BEGIN, the lock and the stream heads of a group
        // commit travel in one round trip; the reasons for the isolation level and the lock are BeginWriteAsync's.
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        return new WriteTransaction(transaction, static () => { }, WriteLockStatement);
    }

    public override bool SendsBatches => true;

    // The key is written into the text so that the statement needs no parameter.
    static readonly string WriteLockStatement = FormattableString.Invariant($"SELECT pg_advisory_xact_lock({WriteLockKey})");

    // A session lock held across the whole run (one transaction per migration). Each migration transaction also
    // re-checks the history under the write lock, so nothing is applied twice without it; the session lock makes a
    // second process wait until the first is done, so that an older binary starting next to a newer one sees the
    // newer schema and refuses to start, instead of passing the check just before the upgrade.
    public override async Task LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT pg_advisory_lock(@key)");
        command.AddParameter("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task UnlockMigrationsAsync(DbConnection connection)
    {
        try
        {
            await using var command = connection.Command("SELECT pg_advisory_unlock(@key)");
            command.AddParameter("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The connection broke; the server drops a session's locks when it ends, and the original error
            // matters more than this one.
        }
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsUnavailable(DbException exception) => exception switch
    {
        // Errors reported by the server: connection problems (08), authentication (28), a missing database (3D000),
        // resource limits such as too many connections (53) and shutdowns or statement timeouts (57).
        PostgresException e => e.SqlState.StartsWith("08", StringComparison.Ordinal)
            || e.SqlState.StartsWith("28", StringComparison.Ordinal)
            || e.SqlState == PostgresErrorCodes.InvalidCatalogName
            || e.SqlState.StartsWith("53", StringComparison.Ordinal)
            || e.SqlState.StartsWith("57", StringComparison.Ordinal),
        // Raised by the client itself: connection refused, timeouts, a broken connection.
        NpgsqlException => true,
        _ => false,
    };

    public override StoreUnavailableException Unavailable(DbException exception) =>
        new($"The {target} is unavailable: {Reason(exception, password)}", exception);

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
