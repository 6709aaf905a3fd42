using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gatehouse.Bench;

/// <summary>
/// What this disk allows one writer that waits for every commit: the ceiling for any store without group commit.
/// One row per transaction, prepared statements, nothing else in the way.
/// </summary>
internal static class DiskRates
{
    /// <summary>SQLite in WAL mode with synchronous=FULL, as Gatehouse runs it.</summary>
    public static async Task<int> SqliteAsync(Options options)
    {
        var file = options.Text("file");
        foreach (var leftover in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(leftover);
        }

        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
        await using var begin = Prepared(connection, "BEGIN IMMEDIATE");
        await using var insert = Prepared(connection, "INSERT INTO rows (payload) VALUES ('{\"type\":\"user.human.mfa.otp.email.added\"}')");
        await using var commit = Prepared(connection, "COMMIT");
        await MeasureAsync("sqlite-commit", options, () =>
        {
            begin.ExecuteNonQuery();
            insert.ExecuteNonQuery();
            commit.ExecuteNonQuery();
            return Task.CompletedTask;
        });
        return 0;
    }

    /// <summary>PostgreSQL with its defaults (fsync on, synchronous_commit on): one client, one INSERT per commit.</summary>
    public static async Task<int> PostgresAsync(Options options)
    {
        await using var connection = new NpgsqlConnection(options.Text("connection"));
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS bench_rows; CREATE TABLE bench_rows (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Autocommit: each INSERT is its own transaction and waits for its WAL flush.
        await using var insert = new NpgsqlCommand("INSERT INTO bench_rows (payload) VALUES ('{\"type\":\"user.human.mfa.otp.email.added\"}')", connection);
        await insert.PrepareAsync();
        await MeasureAsync("pg-commit", options, () => insert.ExecuteNonQueryAsync());
        return 0;
    }

    private static async Task MeasureAsync(string name, Options options, Func<Task> commitOne)
    {
        var seconds = options.Seconds("seconds", 10);
        var runs = options.Int("runs", 5);
        var warmUp = TimeSpan.FromSeconds(options.Seconds("warmup", 2));
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < warmUp;)
        {
            await commitOne();
        }

        for (var run = 1; run <= runs; run++)
        {
            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            while (clock.Elapsed < deadline)
            {
                var started = clock.Elapsed;
                await commitOne();
                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            }

            Console.WriteLine(new RunResult(name, run, latencies.Count, 0, clock.Elapsed.TotalSeconds, latencies).Line());
        }
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
