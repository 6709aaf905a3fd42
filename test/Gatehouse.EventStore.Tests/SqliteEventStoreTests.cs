using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Gatehouse.EventStore.Tests;

public sealed class SqliteEventStoreTests(SqliteDatabases databases) : EventStoreContract(databases), IClassFixture<SqliteDatabases>
{
    // A directory cannot be opened as a database file.
    protected override StoreOptions UnreachableDatabase() => SqliteDatabases.Options(Path.GetTempPath());

    protected override string CollidingWriterTriggerSql => """
        CREATE TRIGGER collide BEFORE INSERT ON events WHEN NEW.event_type = 'test.collide'
        BEGIN
            INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, created_at, resource_owner, creator)
            VALUES (NEW.aggregate_type, NEW.aggregate_id, NEW.sequence, 'test.intruder', NULL, NEW.created_at, NEW.resource_owner, NEW.creator);
        END
        """;

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(StoreOptions options)
    {
        var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(Ct);
        return new HeldLock(connection, connection.BeginTransaction(deferred: false));
    }

    [Fact]
    public async Task A_database_in_a_missing_directory_gets_its_directory_created()
    {
        var path = Path.Combine(databases.Directory, "missing", "deeper", "gatehouse.db");

        await using var db = Open(SqliteDatabases.Options(path));
        await db.MigrateAsync([], Ct);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Connections_use_wal_full_synchronous_foreign_keys_and_a_busy_timeout()
    {
        await using var db = Open(SqliteDatabases.Options(Path.Combine(databases.Directory, "pragmas.db"), busyTimeoutSeconds: 7));
        await db.MigrateAsync([], Ct);

        Assert.Equal("wal", await RawScalarAsync(db, "PRAGMA journal_mode"));
        Assert.Equal(2L, await ScalarAsync(db, "PRAGMA synchronous"));
        Assert.Equal(1L, await ScalarAsync(db, "PRAGMA foreign_keys"));
        Assert.Equal(7000L, await ScalarAsync(db, "PRAGMA busy_timeout"));
    }

    [Fact]
    public void The_busy_timeout_defaults_to_fifteen_seconds_unless_the_connection_string_sets_one()
    {
        Assert.Equal(15, SqliteDialect.WithDefaults("Data Source=data/gatehouse.db").DefaultTimeout);
        Assert.Equal(40, SqliteDialect.WithDefaults("Data Source=data/gatehouse.db;Command Timeout=40").DefaultTimeout);
        Assert.Equal(30, SqliteDialect.WithDefaults("Data Source=data/gatehouse.db;Default Timeout=30").DefaultTimeout);
    }

    [Fact]
    public async Task A_write_lock_held_elsewhere_beyond_the_busy_timeout_fails_with_store_unavailable()
    {
        var path = Path.Combine(databases.Directory, "busy.db");
        await using var db = Open(SqliteDatabases.Options(path, busyTimeoutSeconds: 1));
        await db.MigrateAsync([RecordingProjection.Migration], Ct);
        // Another process, as far as SQLite can tell: its own connection holding the write lock.
        await using var other = new SqliteConnection(SqliteDatabases.Options(path).ConnectionString);
        await other.OpenAsync(Ct);
        await using var otherWrite = other.BeginTransaction(deferred: false);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => db.Store.AppendAsync([Request(NewStream(), 0, "blocked")], Ct));

        Assert.Contains("busy.db", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));

        // Once the other writer is gone, the store writes again (its writer connection is not left broken).
        await otherWrite.RollbackAsync(Ct);
        var stream = NewStream();
        await db.Store.AppendAsync([Request(stream, 0, "after.the.outage")], Ct);
        Assert.Single(await db.Store.ReadStreamAsync(stream, cancellationToken: Ct));
    }

    sealed class HeldLock(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
