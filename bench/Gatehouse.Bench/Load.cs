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
/// figure that does not depend on how busy the other core was.
/// </summary>
internal sealed class ServerProbe(int? pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private double startCpuSeconds;

    public void Start() => startCpuSeconds = CpuSeconds();

    /// <summary>Adds cpu_us_per_op and rss_mb to the run's result.</summary>
    public void Stop(RunResult result)
    {
        if (pid is null)
        {
            return;
        }

        var cpu = CpuSeconds() - startCpuSeconds;
        var total = result.Ok + result.Errors;
        result.Extra["cpu_us_per_op"] = total == 0 ? "nan" : (cpu * 1e6 / total).ToString("F1", CultureInfo.InvariantCulture);
        result.Extra["server_cpu_pct"] = (100 * cpu / result.Seconds).ToString("F0", CultureInfo.InvariantCulture);
        result.Extra["rss_mb"] = RssMegabytes().ToString("F0", CultureInfo.InvariantCulture);
    }

    private double CpuSeconds()
    {
        if (pid is not { } id)
        {
            return 0;
        }

        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

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
