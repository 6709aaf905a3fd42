using System.Diagnostics;
using System.Globalization;
using Gatehouse.EventStore;
using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Bench;

/// <summary>
/// Durable appends through the event store itself, without HTTP: many concurrent writers, each adding and removing
/// OTP Email for its own seeded users with the real projections, as the seed call writes. Shows what group commit
/// makes of the disk's serial commit rate. Run with the server stopped, pinned to the server's core.
/// </summary>
internal static class AppendRate
{
    public static async Task<int> RunAsync(Options options)
    {
        var dataPath = Path.GetFullPath(options.Text("data"));
        var writers = options.Int("writers", 64);
        var seconds = TimeSpan.FromSeconds(options.Seconds("seconds", 10));
        var runs = options.Int("runs", 5);
        var warmUp = TimeSpan.FromSeconds(options.Seconds("warmup", 10));
        var userIds = File.ReadLines(options.Text("tokens")).Select(l => l.Split('\t')[0]).Distinct().ToArray();
        await using var database = new EventStoreDatabase(Seeder.StoreOptionsOf(options, dataPath),
            Gatehouse.Hosting.GatehouseModules.Create().SelectMany(module => module.Projections), TimeProvider.System);
        var store = database.Store;

        // Each writer owns every writers-th user and knows where its streams stand.
        var owned = new List<Head>[writers];
        for (var i = 0; i < userIds.Length; i++)
        {
            var state = OtpEmailState.OfUser.Fold(await store.ReadStreamAsync(UserEvents.Stream(userIds[i])));
            (owned[i % writers] ??= []).Add(new Head(userIds[i]) { Sequence = state.UserVersion.Sequence, HasOtp = state.Added });
        }

        var added = UserEvents.Codec.Encode(new OtpEmailAdded());
        var removed = UserEvents.Codec.Encode(new OtpEmailRemoved());
        async Task<RunResult> MeasureAsync(string name, int run, TimeSpan duration)
        {
            var latencies = new List<double>[writers];
            var counts = new long[writers];
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                var mine = owned[writer];
                var lat = latencies[writer] = [];
                for (var k = 0; clock.Elapsed < duration; k++)
                {
                    var head = mine[k % mine.Count];
                    var started = clock.Elapsed;
                    await store.AppendAsync([new AppendRequest(UserEvents.Stream(head.UserId), head.Sequence, "", head.UserId, [head.HasOtp ? removed : added])]);
                    lat.Add((clock.Elapsed - started).TotalMilliseconds);
                    head.Sequence++;
                    head.HasOtp = !head.HasOtp;
                    counts[writer]++;
                }
            })));
            return new RunResult(name, run, counts.Sum(), 0, clock.Elapsed.TotalSeconds, [.. latencies.SelectMany(l => l)]);
        }

        await MeasureAsync("warmup", 0, warmUp);
        for (var run = 1; run <= runs; run++)
        {
            var result = await MeasureAsync("append", run, seconds);
            result.Extra["writers"] = writers.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine(result.Line());
        }

        return 0;
    }

    private sealed class Head(string userId)
    {
        public string UserId { get; } = userId;

        public long Sequence { get; set; }

        public bool HasOtp { get; set; }
    }
}
