using System.Globalization;
using System.Text;

namespace Gatehouse.Bench;

/// <summary>
/// Turns the RESULT lines of one bench/run into bench/results/&lt;date&gt;.md: per scenario the median and the
/// min–max of its runs, then every target as a ratio of figures from this same run, met or not met.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Scenario name, what it measures, and the bare endpoint of the same protocol (for the p99 target).</summary>
    private static readonly (string Name, string What, string? Bare)[] Scenarios =
    [
        ("bare-json", "baseline: bare Kestrel JSON endpoint (wrk)", null),
        ("bare-grpc", "baseline: bare grpc-dotnet unary endpoint (h2load)", null),
        ("sqlite-commit", "baseline: serial durable SQLite insert, WAL, synchronous=FULL, one row per transaction", null),
        ("pg-commit", "baseline: serial PostgreSQL commit, one row per transaction", null),
        ("append", "durable appends through the event store, 64 writers, group commit", null),
        ("s1-json", "S1 seed call Add/RemoveMyAuthFactorOTPEmail, JSON (wrk)", "bare-json"),
        ("s1-grpc", "S1 seed call Add/RemoveMyAuthFactorOTPEmail, gRPC (h2load)", "bare-grpc"),
        ("s1-json-1m", "S1 seed call, JSON, with 1,000,000 users", "bare-json"),
        ("s3-me-1m", "S3 GetMyUser, JSON, with 1,000,000 users", "bare-json"),
        ("s2-issue", "S2 issue a code: CreateSession user check + otp_email returnCode", "bare-json"),
        ("s2-check", "S2 check a code: SetSession checks.otp_email, each code once", "bare-json"),
        ("s2-flow", "S2 sign-in flow: issue then check (flows/s, flow latency)", null),
        ("s2-mail", "S2 sign-in flow with sendCode through SMTP to a local sink", null),
        ("s3-factors", "S3 ListMyAuthFactors, JSON (wrk)", "bare-json"),
        ("s3-me", "S3 GetMyUser, JSON (wrk)", "bare-json"),
        ("s3-session", "S3 GetSession, JSON (wrk)", "bare-json"),
        ("s1-json-sqlite", "S1 seed call, JSON, on SQLite in the same run (PostgreSQL runs only)", "bare-json"),
        ("s3-me-sqlite", "S3 GetMyUser, JSON, on SQLite in the same run (PostgreSQL runs only)", "bare-json"),
        ("peer-send", "peer: better-auth send-otp (issue a code)", null),
        ("peer-verify", "peer: better-auth verify-otp (check a code, each once)", null),
    ];

    public static int Run(Options options)
    {
        var lines = File.ReadAllLines(options.Text("results"));
        var results = lines.Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(Fields).ToList();
        var meta = lines.Where(l => l.StartsWith("META ", StringComparison.Ordinal))
            .Select(l => l[5..].Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        var byName = results.Where(r => r.GetValueOrDefault("run") != "0").GroupBy(r => r["name"]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var text = new StringBuilder();
        text.AppendLine(Invariant, $"# Gatehouse benchmark, {meta.GetValueOrDefault("date", "?")}");
        text.AppendLine();
        text.AppendLine(Invariant, $"`bench/run {meta.GetValueOrDefault("args", "")}` on {meta.GetValueOrDefault("machine", "?")}; store: **{meta.GetValueOrDefault("store", "?")}**; took {meta.GetValueOrDefault("took", "?")}.");
        text.AppendLine();
        text.AppendLine("Gatehouse (and each baseline and the peer) ran pinned to core 0, the load tool to core 1 (`taskset`). Every server was under load for at");
        text.AppendLine(Invariant, $"least {meta.GetValueOrDefault("warmup", "?")} s before its first measured run; each scenario is {meta.GetValueOrDefault("runs", "?")} runs of {meta.GetValueOrDefault("seconds", "?")} s, 64 connections,");
        text.AppendLine("reported as median and min–max over the runs. CPU µs/op is the server's user+system CPU time (from /proc) divided by the");
        text.AppendLine("operations of the run; it depends much less than ops/s on what else ran on the machine. Load tool CPU % is the load");
        text.AppendLine("tool's share of its core: well below 100 means the load tool was not the limit. NaN: not measured for that row.");
        var store = meta.GetValueOrDefault("store", "sqlite");
        var postgres = store == "postgres";
        if (postgres)
        {
            text.AppendLine("PG CPU µs/op is PostgreSQL's own CPU time (postmaster and backends, from /proc) per operation, to add to Gatehouse's.");
        }
        text.AppendLine();
        if (meta.TryGetValue("load", out var load))
        {
            text.AppendLine(Invariant, $"Machine load: {load}");
            text.AppendLine();
        }

        text.AppendLine(postgres
            ? "| Scenario | ops/s median | min–max | p50 ms | p99 ms | CPU µs/op | PG CPU µs/op | server RSS MB | load tool CPU % | errors |"
            : "| Scenario | ops/s median | min–max | p50 ms | p99 ms | CPU µs/op | server RSS MB | load tool CPU % | errors |");
        text.AppendLine(postgres ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, what, _) in Scenarios)
        {
            if (!byName.TryGetValue(name, out var runs))
            {
                continue;
            }

            var rates = runs.Select(r => Number(r, "rps")).ToList();
            text.AppendLine(Invariant,
                $"| `{name}` {what} | {Median(rates):N0} | {rates.Min():N0}–{rates.Max():N0} | {Median(runs, "p50_ms"):F2} | {Median(runs, "p99_ms"):F2} | {Median(runs, "cpu_us_per_op"):F0} |{(postgres ? $" {Median(runs, "pg_cpu_us_per_op"):F0} |" : "")} {Max(runs, "rss_mb"):F0} | {Median(runs, "load_cpu_pct"):F0} | {runs.Sum(r => Number(r, "errors")):F0} |");
        }

        text.AppendLine();
        if (meta.TryGetValue("peer_skipped", out var skipped))
        {
            text.AppendLine(Invariant, $"**The peer (better-auth) was skipped: {skipped}.** Its rows and the targets against it are missing.");
            text.AppendLine();
        }

        if (byName.TryGetValue("s2-mail", out var mail))
        {
            text.AppendLine(Invariant,
                $"S2 with SMTP: codes delivered to the mailbox {Median(mail, "mails_per_s"):N0}/s (median), request-to-mailbox latency p50 {Median(mail, "mailbox_p50_ms"):F1} ms, p99 {Median(mail, "mailbox_p99_ms"):F1} ms.");
        }

        foreach (var start in results.Where(r => r["name"].StartsWith("start-", StringComparison.Ordinal)).GroupBy(r => r["name"]))
        {
            var seconds = start.Select(r => Number(r, "seconds")).ToList();
            text.AppendLine(Invariant, $"Start to ready, `{start.Key}`: median {Median(seconds):F2} s (min–max {seconds.Min():F2}–{seconds.Max():F2}, {seconds.Count} starts).");
        }

        if (results.FirstOrDefault(r => r["name"] == "seed") is { } seed)
        {
            text.AppendLine(Invariant, $"Seeding: {string.Join("; ", results.Where(r => r["name"] == "seed").Select(r => $"{Number(r, "added"):N0} users in {Number(r, "seconds"):F1} s ({Number(r, "users_per_s"):N0}/s)"))}.");
        }

        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| Target | Measured | Required | |");
        text.AppendLine("|---|---:|---:|---|");
        // A durable write is compared with the store's own append rate, not with an echo endpoint (bare rows are context).
        Ratio(text, byName, "Seed call JSON vs durable appends through the event store (throughput)", "s1-json", "append", 0.6);
        Ratio(text, byName, "Seed call gRPC vs durable appends through the event store (throughput)", "s1-grpc", "append", 0.6);
        Ratio(text, byName, "Sign-in flows vs durable appends through the event store (throughput)", "s2-flow", "append", 0.15);
        CpuRatio(text, byName, "CPU per sign-in flow vs per seed call", "s2-flow", "s1-json", 2.5, postgres);
        Ratio(text, byName, $"Durable appends vs serial durable {(postgres ? "PostgreSQL commit" : "SQLite insert")} rate",
            "append", postgres ? "pg-commit" : "sqlite-commit", postgres ? 3 : 5);
        if (postgres)
        {
            Ratio(text, byName, "Seed call on PostgreSQL vs on SQLite (throughput)", "s1-json", "s1-json-sqlite", 0.5);
            Ratio(text, byName, "GetMyUser on PostgreSQL vs on SQLite (throughput)", "s3-me", "s3-me-sqlite", 0.5);
        }

        Ratio(text, byName, "Issuing a code vs better-auth send-otp", "s2-issue", "peer-send", 8);
        Ratio(text, byName, "Checking a code vs better-auth verify-otp", "s2-check", "peer-verify", 15);
        foreach (var (name, _, bare) in Scenarios)
        {
            if (bare is not null && byName.TryGetValue(name, out var runs) && byName.TryGetValue(bare, out var bareRuns))
            {
                var p99 = Median(runs, "p99_ms");
                var limit = (3 * Median(bareRuns, "p99_ms")) + 10;
                Row(text, $"p99 at 64 connections, `{name}` ≤ 3 × `{bare}` p99 + 10 ms", $"{p99:F1} ms", $"≤ {limit:F1} ms", p99 <= limit);
            }
        }

        foreach (var (small, large) in new[] { ("s1-json", "s1-json-1m"), ("s3-me", "s3-me-1m") })
        {
            if (byName.TryGetValue(small, out var smallRuns) && byName.TryGetValue(large, out var largeRuns))
            {
                var throughput = Median(largeRuns.Select(r => Number(r, "rps")).ToList()) / Median(smallRuns.Select(r => Number(r, "rps")).ToList());
                Row(text, $"1,000 → 1,000,000 users, `{small}` throughput", $"{throughput:F2} ×", "≥ 0.8 ×", throughput >= 0.8);
                var p99 = Median(largeRuns, "p99_ms") / Median(smallRuns, "p99_ms");
                Row(text, $"1,000 → 1,000,000 users, `{small}` p99", $"{p99:F2} ×", "≤ 1.5 ×", p99 <= 1.5);
            }
        }

        foreach (var (stage, large) in new[] { ("1,000 users", false), ("1,000,000 users", true) })
        {
            var gatehouseRuns = results.Where(r => r.GetValueOrDefault("run") != "0" && r.ContainsKey("rss_mb") && IsGatehouse(r["name"])
                && r["name"].EndsWith("-1m", StringComparison.Ordinal) == large).ToList();
            if (gatehouseRuns.Count > 0)
            {
                var rss = gatehouseRuns.Max(r => Number(r, "rss_mb"));
                Row(text, $"Memory under load, {stage} (largest RSS at the end of any Gatehouse run)", $"{rss:F0} MB", "≤ 200 MB", rss <= 200);
            }
        }

        foreach (var start in results.Where(r => r["name"].StartsWith("start-sqlite", StringComparison.Ordinal)).GroupBy(r => r["name"]))
        {
            var median = Median(start.Select(r => Number(r, "seconds")).ToList());
            Row(text, $"Start to ready on SQLite, `{start.Key}`", $"{median:F2} s", "≤ 1.5 s", median <= 1.5);
        }

        if (meta.TryGetValue("notes", out var notes))
        {
            text.AppendLine();
            text.AppendLine(notes.Replace("\\n", "\n", StringComparison.Ordinal));
        }

        File.WriteAllText(options.Text("out"), text.ToString());
        Console.WriteLine(text.ToString());
        return 0;
    }

    private static bool IsGatehouse(string name) =>
        name.StartsWith("s1", StringComparison.Ordinal) || name.StartsWith("s2", StringComparison.Ordinal) || name.StartsWith("s3", StringComparison.Ordinal);

    private static void Ratio(StringBuilder text, Dictionary<string, List<Dictionary<string, string>>> byName, string target, string name, string baseline, double required)
    {
        if (!byName.TryGetValue(name, out var runs) || !byName.TryGetValue(baseline, out var baseRuns))
        {
            Row(text, target, "not measured", $"≥ {required:G} ×", null);
            return;
        }

        var measured = Median(runs.Select(r => Number(r, "rps")).ToList());
        var reference = Median(baseRuns.Select(r => Number(r, "rps")).ToList());
        var ratio = measured / reference;
        Row(text, $"{target} (`{name}` {measured:N0}/s ÷ `{baseline}` {reference:N0}/s)", $"{ratio:F2} ×", $"≥ {required:G} ×", ratio >= required);
    }

    /// <summary>CPU per operation of one scenario over another's, PostgreSQL's own included when it ran.</summary>
    private static void CpuRatio(
        StringBuilder text, Dictionary<string, List<Dictionary<string, string>>> byName, string target, string name, string baseline, double limit,
        bool postgres)
    {
        if (!byName.TryGetValue(name, out var runs) || !byName.TryGetValue(baseline, out var baseRuns))
        {
            Row(text, target, "not measured", $"≤ {limit:G} ×", null);
            return;
        }

        double Cpu(List<Dictionary<string, string>> r) => Median(r, "cpu_us_per_op") + (postgres ? Median(r, "pg_cpu_us_per_op") : 0);
        var (measured, reference) = (Cpu(runs), Cpu(baseRuns));
        var ratio = measured / reference;
        Row(text, $"{target} (`{name}` {measured:F0} µs ÷ `{baseline}` {reference:F0} µs{(postgres ? ", PostgreSQL's CPU included" : "")})",
            $"{ratio:F2} ×", $"≤ {limit:G} ×", ratio <= limit);
    }

    private static void Row(StringBuilder text, string target, string measured, string required, bool? met) =>
        text.AppendLine(Invariant, $"| {target} | {measured} | {required} | {(met is null ? "—" : met.Value ? "**met**" : "**not met**")} |");

    private static Dictionary<string, string> Fields(string line) =>
        line[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    private static double Number(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value) && double.TryParse(value, Invariant, out var number) ? number : double.NaN;

    private static double Median(List<Dictionary<string, string>> runs, string key) =>
        Median(runs.Select(r => Number(r, key)).Where(v => !double.IsNaN(v)).ToList());

    private static double Max(List<Dictionary<string, string>> runs, string key) =>
        runs.Select(r => Number(r, key)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
