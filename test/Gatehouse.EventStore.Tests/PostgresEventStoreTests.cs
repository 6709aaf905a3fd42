using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Gatehouse.EventStore.Tests;

// Npgsql hands out the same transaction object for every transaction of a pooled connection.
public sealed class PostgresEventStoreTests(PostgresDatabases databases)
    : EventStoreContract(databases, "SELECT txid_current()"), IClassFixture<PostgresDatabases>
{
    // A port that was free a moment ago: connecting is refused at once.
    protected override StoreOptions UnreachableDatabase() => Options(FreePort());

    protected override string CollidingWriterTriggerSql => """
        CREATE FUNCTION collide() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, created_at, resource_owner, creator)
            VALUES (NEW.aggregate_type, NEW.aggregate_id, NEW.sequence, 'test.intruder', NULL, NEW.created_at, NEW.resource_owner, NEW.creator);
            RETURN NEW;
        END $$;
        CREATE TRIGGER collide BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.event_type = 'test.collide') EXECUTE FUNCTION collide();
        """;

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(StoreOptions options)
    {
        var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(Ct);
        var transaction = await connection.BeginTransactionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", PostgresDialect.WriteLockKey);
        await command.ExecuteNonQueryAsync(Ct);
        return new HeldLock(connection, transaction);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_with_store_unavailable_within_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var db = Open(Options(((IPEndPoint)silent.LocalEndpoint).Port));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => db.Store.AppendAsync([Request(NewStream(), 0, "lost")], Ct));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_defaults_fill_in_only_what_the_connection_string_leaves_out()
    {
        var defaults = PostgresDialect.WithDefaults("Host=db;Username=gatehouse;Database=gatehouse");
        var chosen = PostgresDialect.WithDefaults(
            "Host=db;Username=gatehouse;Database=gatehouse;Timeout=30;CommandTimeout=60;Maximum Pool Size=80;Keepalive=0;Application Name=idp;"
            + "Max Auto Prepare=0;No Reset On Close=false");

        Assert.Equal((5, 15, 20, 30, "gatehouse", 64, true),
            (defaults.Timeout, defaults.CommandTimeout, defaults.MaxPoolSize, defaults.KeepAlive, defaults.ApplicationName,
                defaults.MaxAutoPrepare, defaults.NoResetOnClose));
        Assert.Equal((30, 60, 80, 0, "idp", 0, false),
            (chosen.Timeout, chosen.CommandTimeout, chosen.MaxPoolSize, chosen.KeepAlive, chosen.ApplicationName,
                chosen.MaxAutoPrepare, chosen.NoResetOnClose));
    }

    [Fact]
    public async Task After_the_server_drops_every_connection_one_failed_call_is_enough_to_recover()
    {
        var options = await databases.CreateDatabaseAsync();
        await using var db = Open(options);
        await db.MigrateAsync([RecordingProjection.Migration], Ct);
        // Several idle connections in the pool, as after a busy moment.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => db.ReadModels.QueryAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_sleep(0.2)";
            return await command.ExecuteScalarAsync(ct);
        }, Ct)));

        // What a server restart or a failover does to them.
        var terminated = await databases.ScalarAsAdminAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{new NpgsqlConnectionStringBuilder(options.ConnectionString).Database}'");

        var failures = 0;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            try
            {
                await db.Store.ReadAllAsync(0, 1, Ct);
            }
            catch (StoreUnavailableException)
            {
                failures++;
            }
        }

        Assert.True(terminated >= 2, $"only {terminated} pooled connection(s) to drop");
        // Npgsql drops the pool's other connections when one breaks this way; without that every stale connection
        // would fail one more request after the database is back.
        Assert.InRange(failures, 0, 1);
    }

    static StoreOptions Options(int port) => new()
    {
        Provider = StoreProvider.Postgres,
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=gatehouse;Password={Secret};Database=gatehouse;Timeout=1",
    };

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed class HeldLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
