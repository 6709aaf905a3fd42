using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Gatehouse.Bench;

/// <summary>One measured run: how many operations succeeded or failed in how long, and their latencies.</summary>
internal sealed record RunResult(string Name, int Run, long Ok, long Errors, double Seconds, List<double> LatenciesMs)
{
    public Dictionary<string, string> Extra { get; } = new(StringComparer.Ordinal);

    public double Rate => Ok / Seconds;

    /// <summary>The RESULT line bench/run collects: key=value pairs, milliseconds and per-second figures.</summary>
    public string Line()
    {
        LatenciesMs.Sort();
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"RESULT name={Name} run={Run} ok={Ok} errors={Errors} seconds={Seconds:F3} rps={Rate:F1} ")
            .Append(CultureInfo.InvariantCulture, $"p50_ms={Percentile(LatenciesMs, 50):F3} p99_ms={Percentile(LatenciesMs, 99):F3}");
        foreach (var (key, value) in Extra)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }

        return text.ToString();
    }

    public static double Percentile(List<double> sorted, double percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// The server's CPU time and memory from /proc, read before and after a run: CPU microseconds per request is the
/// figure that does not depend on how busy the other core was. With <paramref name="postgresPid"/> (the postmaster),
/// PostgreSQL's own CPU per request too: for Gatehouse on PostgreSQL the database's work is part of each request's cost.
/// </summary>
internal sealed class ServerProbe(int? pid, int? postgresPid = null)
{
    private double startCpuSeconds;
    private double startPostgresSeconds;

    /// <summary>From the --server-pid and --pg-pid options.</summary>
    public static ServerProbe Of(Options options) => new(Pid(options, "server-pid"), Pid(options, "pg-pid"));

    public void Start()
    {
        startCpuSeconds = pid is { } id ? ProcessCpu.Seconds(id) : 0;
        startPostgresSeconds = postgresPid is { } pg ? ProcessCpu.PostgresSeconds(pg) : 0;
    }

    /// <summary>Adds cpu_us_per_op, server_cpu_pct, rss_mb and (with PostgreSQL) pg_cpu_us_per_op to the run's result.</summary>
    public void Stop(RunResult result)
    {
        var total = result.Ok + result.Errors;
        if (postgresPid is { } pg)
        {
            var postgres = ProcessCpu.PostgresSeconds(pg) - startPostgresSeconds;
            result.Extra["pg_cpu_us_per_op"] = total == 0 ? "nan" : (postgres * 1e6 / total).ToString("F1", CultureInfo.InvariantCulture);
        }

        if (pid is null)
        {
            return;
        }

        var cpu = ProcessCpu.Seconds(pid.Value) - startCpuSeconds;
        result.Extra["cpu_us_per_op"] = total == 0 ? "nan" : (cpu * 1e6 / total).ToString("F1", CultureInfo.InvariantCulture);
        result.Extra["server_cpu_pct"] = (100 * cpu / result.Seconds).ToString("F0", CultureInfo.InvariantCulture);
        result.Extra["rss_mb"] = RssMegabytes().ToString("F0", CultureInfo.InvariantCulture);
    }

    private static int? Pid(Options options, string name) =>
        options.TextOrNull(name) is { } text && text.Length > 0 ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private double RssMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}

/// <summary>
/// A closed-loop load: a fixed number of workers, each with one request (or one flow) in flight at a time, like wrk's
/// connections. A step reports success, failure, or that it has nothing left to do (its pool of codes ran out).
/// </summary>
internal static class ClosedLoop
{
    public static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<RunResult> RunAsync(string name, int run, int workers, TimeSpan duration, Func<int, Task<bool?>> step)
    {
        var latencies = new List<double>[workers];
        var ok = new long[workers];
        var errors = new long[workers];
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                bool? outcome;
                try
                {
                    outcome = await step(worker);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    outcome = false;
                }

                if (outcome is null)
                {
                    return;
                }

                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                if (outcome.Value)
                {
                    ok[worker]++;
                }
                else
                {
                    errors[worker]++;
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var result = new RunResult(name, run, ok.Sum(), errors.Sum(), seconds, [.. latencies.SelectMany(l => l ?? [])]);
        // Whether the load tool itself was the limit: its share of the core it runs on.
        var loadCpu = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds;
        result.Extra["load_cpu_pct"] = (100 * loadCpu / seconds).ToString("F0", CultureInfo.InvariantCulture);
        return result;
    }
}

/// <summary>CPU time of processes from /proc/&lt;pid&gt;/stat.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>utime + stime of one process.</summary>
    public static double Seconds(int pid) => Fields(pid) is { } f ? (Field(f, 14) + Field(f, 15)) / TicksPerSecond : 0;

    /// <summary>
    /// PostgreSQL's own CPU: the postmaster with every child it has reaped (cutime, cstime) and every child still
    /// running (its backends, WAL writer, checkpointer, …). A backend that ends between two readings moves from the
    /// second sum to the first, so the difference still counts it.
    /// </summary>
    public static double PostgresSeconds(int postmaster)
    {
        if (Fields(postmaster) is not { } own)
        {
            return 0;
        }

        var ticks = Field(own, 14) + Field(own, 15) + Field(own, 16) + Field(own, 17);
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var child) && Fields(child) is { } f
                && (long)Field(f, 4) == postmaster)
            {
                ticks += Field(f, 14) + Field(f, 15);
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>The fields after the command name (which may hold spaces), so that field n of proc(5) is at n - 3.</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended
        }
    }

    private static double Field(string[] fields, int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
}
