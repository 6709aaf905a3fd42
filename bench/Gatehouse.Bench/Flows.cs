using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.Kernel;
using Gatehouse.Notifications;

namespace Gatehouse.Bench;

/// <summary>
/// S2, sign-in with the email code, over JSON as the login client:
/// <list type="bullet">
/// <item><c>s2-issue</c>: CreateSession with a user check and an OTP Email challenge that returns the code;</item>
/// <item><c>s2-check</c>: SetSession with each of those codes, each used once;</item>
/// <item><c>s2-flow</c>: both, one after the other, per worker (flows per second, flow latency);</item>
/// <item><c>s2-mail</c> (--mode send): the challenge mails the code through SMTP to <see cref="MailSink"/>; the flow
/// waits for the mail and checks the code from it (codes delivered per second, request-to-mailbox latency).</item>
/// </list>
/// </summary>
internal static class Flows
{
    private static readonly byte[] Empty = [];

    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = options.Text("base").TrimEnd('/');
        var token = File.ReadAllText(options.Text("login-client")).Trim();
        var loginNames = File.ReadLines(options.Text("tokens")).Select(l => l.Split('\t')[1]).ToArray();
        var workers = options.Int("connections", 64);
        var seconds = TimeSpan.FromSeconds(options.Seconds("seconds", 10));
        var runs = options.Int("runs", 5);
        var warmUp = TimeSpan.FromSeconds(options.Seconds("warmup", 10));
        var probe = ServerProbe.Of(options);
        using var http = ClosedLoop.NewClient(workers);
        var driver = new Driver(http, baseUrl, token, loginNames);

        if (options.TextOrNull("mode") == "send")
        {
            var clock = Stopwatch.StartNew();
            using var sink = new MailSink(options.Int("smtp-port"), clock);
            await ClosedLoop.RunAsync("warmup", 0, workers, warmUp, _ => driver.MailFlowAsync(sink, clock, null));
            for (var run = 1; run <= runs; run++)
            {
                var mailbox = new List<double>[workers];
                var receivedBefore = sink.Received;
                probe.Start();
                var result = await ClosedLoop.RunAsync("s2-mail", run, workers, seconds,
                    worker => driver.MailFlowAsync(sink, clock, mailbox[worker] ??= []));
                probe.Stop(result);
                var latencies = mailbox.SelectMany(l => l ?? []).Order().ToList();
                result.Extra["mails_per_s"] = ((sink.Received - receivedBefore) / result.Seconds).ToString("F1", CultureInfo.InvariantCulture);
                result.Extra["mailbox_p50_ms"] = RunResult.Percentile(latencies, 50).ToString("F3", CultureInfo.InvariantCulture);
                result.Extra["mailbox_p99_ms"] = RunResult.Percentile(latencies, 99).ToString("F3", CultureInfo.InvariantCulture);
                Console.WriteLine(result.Line());
            }

            return 0;
        }

        await ClosedLoop.RunAsync("warmup", 0, workers, warmUp, _ => driver.FlowAsync());
        for (var run = 1; run <= runs; run++)
        {
            var codes = new ConcurrentQueue<(string SessionId, string Code)>();
            probe.Start();
            var issued = await ClosedLoop.RunAsync("s2-issue", run, workers, seconds, _ => driver.IssueAsync(codes));
            probe.Stop(issued);
            Console.WriteLine(issued.Line());

            probe.Start();
            var checkedCodes = await ClosedLoop.RunAsync("s2-check", run, workers, seconds,
                async _ => codes.TryDequeue(out var next) ? await driver.CheckAsync(next.SessionId, next.Code) : null);
            probe.Stop(checkedCodes);
            checkedCodes.Extra["codes_left"] = codes.Count.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine(checkedCodes.Line());
        }

        for (var run = 1; run <= runs; run++)
        {
            probe.Start();
            var flows = await ClosedLoop.RunAsync("s2-flow", run, workers, seconds, _ => driver.FlowAsync());
            probe.Stop(flows);
            Console.WriteLine(flows.Line());
        }

        return 0;
    }

    private sealed class Driver(HttpClient http, string baseUrl, string token, string[] loginNames)
    {
        private long next = -1;
        private int reported;

        public async Task<bool?> IssueAsync(ConcurrentQueue<(string, string)> codes)
        {
            var created = await CreateAsync("""{"returnCode":{}}""");
            if (created is not { } session || session.Code is null)
            {
                return false;
            }

            codes.Enqueue((session.Id, session.Code));
            return true;
        }

        public async Task<bool?> CheckAsync(string sessionId, string code)
        {
            var body = Encoding.UTF8.GetBytes("{\"checks\":{\"otpEmail\":{\"code\":\"" + code + "\"}}}");
            var (status, answer) = await SendAsync(HttpMethod.Patch, $"/v2/sessions/{sessionId}", body);
            return status == HttpStatusCode.OK && answer.Length > 0;
        }

        public async Task<bool?> FlowAsync()
        {
            var created = await CreateAsync("""{"returnCode":{}}""");
            return created is { Code: { } code } session ? await CheckAsync(session.Id, code) : false;
        }

        /// <summary>A flow whose code comes by mail; adds the request-to-mailbox time to <paramref name="mailbox"/>.</summary>
        public async Task<bool?> MailFlowAsync(MailSink sink, Stopwatch clock, List<double>? mailbox)
        {
            var started = clock.Elapsed.TotalMilliseconds;
            var created = await CreateAsync("{\"sendCode\":{\"urlTemplate\":\"" + MailSink.UrlTemplate + "\"}}");
            if (created is not { } session)
            {
                return false;
            }

            try
            {
                var delivery = await sink.DeliveryFor(session.Id).WaitAsync(TimeSpan.FromSeconds(30));
                mailbox?.Add(delivery.ReceivedAtMs - started);
                return await CheckAsync(session.Id, delivery.Code);
            }
            catch (TimeoutException)
            {
                return false;
            }
            finally
            {
                sink.Forget(session.Id);
            }
        }

        private async Task<(string Id, string? Code)?> CreateAsync(string challenge)
        {
            var loginName = loginNames[(int)(Interlocked.Increment(ref next) % loginNames.Length)];
            var body = Encoding.UTF8.GetBytes("{\"checks\":{\"user\":{\"loginName\":\"" + loginName + "\"}},\"challenges\":{\"otpEmail\":" + challenge + "}}");
            var (status, answer) = await SendAsync(HttpMethod.Post, "/v2/sessions", body);
            if (status is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                return null;
            }

            using var json = JsonDocument.Parse(answer);
            var root = json.RootElement;
            var code = root.TryGetProperty("challenges", out var challenges) && challenges.TryGetProperty("otpEmail", out var otp) ? otp.GetString() : null;
            return (root.GetProperty("sessionId").GetString()!, code);
        }

        private async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpMethod method, string path, byte[] body)
        {
            using var request = new HttpRequestMessage(method, baseUrl + path) { Content = new ByteArrayContent(body.Length == 0 ? Empty : body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode && Interlocked.Increment(ref reported) <= 5)
            {
                // A few examples on stderr, so that errors in a run can be explained.
                Console.Error.WriteLine($"flows: {method} {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
            }

            return (response.StatusCode, answer);
        }
    }
}
