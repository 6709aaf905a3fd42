using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A PostgreSQL cluster of one test's own, on 127.0.0.1 and a free port, that the test may stop and start: the
/// shared server of <c>scripts/test</c> serves other tests at the same time and must never go down. Created with
/// Debian's initdb and pg_ctl, as the <c>postgres</c> OS user when running as root (initdb refuses root); removed on
/// dispose.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string directory;

    private PrivatePostgres(string bin, string directory, int port)
    {
        this.bin = bin;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(directory, "data");

    /// <summary>Initialises a cluster, not started yet; its port is chosen now so a server can be pointed at it.</summary>
    public static async Task<PrivatePostgres> CreateAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(version => Path.Combine(version, "bin"))
            .Where(path => File.Exists(Path.Combine(path, "initdb")) && File.Exists(Path.Combine(path, "pg_ctl")))
            .OrderBy(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(path)), out var v) ? v : 0)
            .LastOrDefault() ?? throw new InvalidOperationException("No PostgreSQL in /usr/lib/postgresql/*/bin; scripts/test installs it.");
        var directory = Directory.CreateTempSubdirectory("gatehouse-private-pg-").FullName;
        var postgres = new PrivatePostgres(bin, directory, FreePort());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", ["postgres:postgres", directory]);
            }

            await postgres.RunAsPostgresAsync("initdb", "-D", postgres.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
                "--no-sync", "--no-instructions");
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public Task StartAsync() => RunAsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={directory}", "start");

    /// <summary>Stops the server the way a crash or a pulled cable would: no checkpoint, connections just cut.</summary>
    public Task CrashAsync() => RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "-t", "30", "stop");

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await CrashAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped, or it will go with its folder.
            }
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task RunAsPostgresAsync(string tool, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        // From "/", which the postgres user can always enter.
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish within 90 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
