using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Gatehouse.EventStore;

internal sealed class SqliteDialect : StorageDialect
{
    // SQLite result codes (https://sqlite.org/rescode.html).
    const int SqliteBusy = 5;
    const int SqliteLocked = 6;
    const int SqliteReadOnly = 8;
    const int SqliteIoError = 10;
    const int SqliteFull = 13;
    const int SqliteCantOpen = 14;
    const int SqliteConstraint = 19;
    const int SqliteConstraintPrimaryKey = 1555;
    const int SqliteConstraintUnique = 2067;

    // SQLite has one writer per database. Queueing our own writers here, rather than letting them all spin on the
    // file lock, keeps appends of this process in arrival order and off the busy handler; BEGIN IMMEDIATE still
    // guards against other processes.
    readonly SemaphoreSlim writeLock = new(1, 1);
    readonly SqliteDataSource dataSource;
    readonly string path;
    readonly string? password;

    public SqliteDialect(string connectionString)
    {
        var builder = WithDefaults(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            // Every pooled connection would get its own empty in-memory database.
            throw new ArgumentException("The SQLite event store needs a database file (Data Source=path).", nameof(connectionString));
        }

        path = Path.GetFullPath(builder.DataSource);
        password = builder.Password;
        try
        {
            CreateOwnerOnly(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"Cannot create the SQLite database '{path}' or its directory owner-only: {e.Message}", e);
        }

        builder.DataSource = path;
        builder.ForeignKeys = true;
        dataSource = new SqliteDataSource(builder.ToString(), builder.DefaultTimeout * 1000);
    }

    /// <summary>
    /// The database holds password hashes, sessions and sealed mails: its folder is made 0700 and the file 0600 before
    /// SQLite opens it, whatever the umask. SQLite gives the <c>-wal</c> and <c>-shm</c> files the database file's mode;
    /// files left readable by an older version are tightened.
    /// </summary>
    static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, OwnerOnly | UnixFileMode.UserExecute);
        // A folder in its place fails when SQLite opens it, as Unavailable like any unreachable database.
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            try
            {
                // SQLite takes an empty file for a new database.
                using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(file, OwnerOnly);
            }
        }
    }

    /// <summary>The operator's connection string, with Gatehouse's choices for the settings it leaves out.</summary>
    internal static SqliteConnectionStringBuilder WithDefaults(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        // How long a statement waits for another process's write lock (busy_timeout) before the call fails with
        // Unavailable. Writes take milliseconds and online backups do not block writers in WAL mode, so a wait this
        // long means something is stuck; 15 s matches the statement timeout on PostgreSQL (SQLite's own: 30 s).
        if (!builder.ShouldSerialize("Default Timeout"))
        {
            builder.DefaultTimeout = 15;
        }

        return builder;
    }

    public override StoreProvider Provider => StoreProvider.Sqlite;

    public override DbDataSource DataSource => dataSource;

    // AUTOINCREMENT never hands out a position twice, even after the highest row is gone; a reader's checkpoint
    // relies on that.
    protected override string IdentityPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string BytesType => "BLOB";

    public override async Task<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            // IMMEDIATE takes the file's write lock now: another process waits here (busy_timeout) instead of
            // failing mid-transaction when upgrading a read to a write.
            var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
            return new WriteTransaction(transaction, () => writeLock.Release());
        }
        catch
        {
            writeLock.Release();
            throw;
        }
    }

    // In process: a statement costs no round trip, and a prepared one is cheaper run at once than collected.
    public override bool SendsBatches => false;

    // Every append reads and changes index pages all over the events and users tables: with many users the default
    // 2 MB page cache misses on most of them and each miss is a read from the OS. The writer is one connection, so a
    // larger cache for it costs at most this much memory once.
    public override async Task ConfigureWriterAsync(DbConnection connection)
    {
        await using var pragma = connection.Command("PRAGMA cache_size = -32768");
        await pragma.ExecuteNonQueryAsync();
    }

    // Each migration runs in a write transaction that first re-checks whether it was applied; that is all the
    // coordination two processes need on SQLite.
    public override Task LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task UnlockMigrationsAsync(DbConnection connection) => Task.CompletedTask;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteConstraint,
            SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        };

    public override bool IsUnavailable(DbException exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen,
        };

    public override StoreUnavailableException Unavailable(DbException exception) =>
        new($"The SQLite database '{path}' is unavailable: {Reason(exception, password)}", exception);

    public override async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        writeLock.Dispose();
    }
}
