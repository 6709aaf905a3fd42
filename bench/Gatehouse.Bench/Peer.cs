using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Bench;

/// <summary>
/// The peer, better-auth's two-factor OTP (../shared/peers/better-auth/server.mjs), driven exactly like Gatehouse's
/// S2 and with the same client: <c>peer-send</c> is send-otp on a pending sign-in challenge (issuing a code),
/// <c>peer-verify</c> is verify-otp with each challenge's code, each used once (checking a code). Challenges are
/// minted beforehand through the peer's own untimed fixture, as its bench.mjs does.
/// </summary>
internal static class Peer
{
    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = options.Text("base").TrimEnd('/');
        var workers = options.Int("connections", 64);
        var seconds = TimeSpan.FromSeconds(options.Seconds("seconds", 10));
        var runs = options.Int("runs", 5);
        var warmUp = TimeSpan.FromSeconds(options.Seconds("warmup", 30));
        var verifyWarmUp = TimeSpan.FromSeconds(options.Seconds("verify-warmup", 10));
        var wanted = options.Int("challenges", 12000);
        var probe = ServerProbe.Of(options);
        using var http = ClosedLoop.NewClient(workers);

        var challenges = new List<string>(wanted);
        while (challenges.Count < wanted)
        {
            using var mint = await http.PostAsync($"{baseUrl}/bench/challenges?n={Math.Min(1000, wanted - challenges.Count)}", null);
            challenges.AddRange(JsonSerializer.Deserialize<string[]>(await mint.Content.ReadAsStringAsync())!);
        }

        Console.Error.WriteLine($"peer: {challenges.Count} challenges minted");
        var sent = new bool[challenges.Count];
        long next = -1;
        async Task<bool?> SendOtpAsync(int index)
        {
            sent[index] = true;
            var (status, _) = await PostAsync(http, baseUrl, "/api/auth/two-factor/send-otp", challenges[index], "{}");
            return status == HttpStatusCode.OK;
        }

        Task<bool?> SendNextAsync() => SendOtpAsync((int)(Interlocked.Increment(ref next) % challenges.Count));

        await ClosedLoop.RunAsync("warmup", 0, workers, warmUp, _ => SendNextAsync());
        for (var run = 1; run <= runs; run++)
        {
            probe.Start();
            var result = await ClosedLoop.RunAsync("peer-send", run, workers, seconds, _ => SendNextAsync());
            probe.Stop(result);
            Console.WriteLine(result.Line());
        }

        // Every challenge needs a code before it can be verified.
        var missing = new Queue<int>(Enumerable.Range(0, challenges.Count).Where(i => !sent[i]));
        await ClosedLoop.RunAsync("unsent", 0, workers, TimeSpan.FromMinutes(10), _ =>
        {
            int index;
            lock (missing)
            {
                if (!missing.TryDequeue(out index))
                {
                    return Task.FromResult<bool?>(null);
                }
            }

            return SendOtpAsync(index);
        });

        using var otps = await http.GetAsync($"{baseUrl}/bench/otps");
        var codes = JsonSerializer.Deserialize<Dictionary<string, string>>(await otps.Content.ReadAsStringAsync())!;
        var pool = new Queue<string>(challenges);
        Task<bool?> VerifyNextAsync()
        {
            string cookie;
            lock (pool)
            {
                if (!pool.TryDequeue(out cookie!))
                {
                    return Task.FromResult<bool?>(null);
                }
            }

            return VerifyAsync(cookie);
        }

        async Task<bool?> VerifyAsync(string cookie)
        {
            var (status, _) = await PostAsync(http, baseUrl, "/api/auth/two-factor/verify-otp", cookie, $$"""{"code":"{{codes[cookie]}}"}""");
            return status == HttpStatusCode.OK;
        }

        await ClosedLoop.RunAsync("warmup", 0, workers, verifyWarmUp, _ => VerifyNextAsync());
        for (var run = 1; run <= runs; run++)
        {
            probe.Start();
            var result = await ClosedLoop.RunAsync("peer-verify", run, workers, seconds, _ => VerifyNextAsync());
            probe.Stop(result);
            result.Extra["challenges_left"] = pool.Count.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine(result.Line());
        }

        return 0;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string baseUrl, string path, string cookie, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        // better-auth refuses cookie-bearing POSTs without an Origin (CSRF check).
        request.Headers.TryAddWithoutValidation("Origin", baseUrl);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
