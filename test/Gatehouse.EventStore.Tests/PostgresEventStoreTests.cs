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
