using System.Globalization;
using System.Net;
using System.Text;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>Metrics and traces as an operator sees them: a Prometheus scrape, and what an OTLP collector receives.</summary>
public sealed class MetricsTests(SqliteServer shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_are_not_served_unless_switched_on()
    {
        using var response = await shared.Clients.Rest.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_scrape_shows_the_metrics_moving_under_a_small_load()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Metrics__Prometheus__Enabled"] = "true",
            ["Gatehouse__MaxPasswordAttempts"] = "1",
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var before = await ScrapeAsync(clients.Rest);

            for (var i = 0; i < 5; i++)
            {
                using var probe = await clients.Rest.GetAsync(new Uri("/auth/v1/healthz", UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            }

            foreach (var protocol in new[] { Protocol.Grpc, Protocol.GrpcWeb })
            {
                for (var i = 0; i < 3; i++)
                {
                    await new AuthService.AuthServiceClient(clients.Channel(protocol)).HealthzAsync(new HealthzRequest(), cancellationToken: Ct);
                }
            }

            // A user whose new address gets a code by mail, and one who locks themselves out.
            var user = await accounts.CreateHumanAsync();
            await new AuthService.AuthServiceClient(clients.Grpc).SetMyEmailAsync(
                new SetMyEmailRequest { Email = $"new-{user.Email}" }, ApiClients.Bearer(user.Token), cancellationToken: Ct);
            await Accounts.WaitForMailAsync(server.DataPath, $"new-{user.Email}");
            var victim = await accounts.CreateHumanAsync();
            var wrong = new System.Text.Json.Nodes.JsonObject
            {
                ["checks"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["user"] = new System.Text.Json.Nodes.JsonObject { ["loginName"] = victim.LoginName },
                    ["password"] = new System.Text.Json.Nodes.JsonObject { ["password"] = "Wrong-Password1!" },
                },
            }.ToJsonString();
            using (var request = ApiClients.Request(HttpMethod.Post, "/v2/sessions", accounts.LoginClientToken, wrong))
            using (var response = await clients.Rest.SendAsync(request, Ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }

            var after = await WaitForScrapeAsync(clients.Rest, scrape => Sum(scrape, "gatehouse_codes_sent_total") > Sum(before, "gatehouse_codes_sent_total"));

            double Delta(string name, params (string Label, string Value)[] labels) => Sum(after, name, labels) - Sum(before, name, labels);
            var healthz = new[] { ("rpc_service", "zitadel.auth.v1.AuthService"), ("rpc_method", "Healthz"), ("status", "OK") };
            Assert.Equal(5, Delta("gatehouse_rpc_requests_total", [.. healthz, ("protocol", "json")]));
            Assert.Equal(3, Delta("gatehouse_rpc_requests_total", [.. healthz, ("protocol", "grpc")]));
            Assert.Equal(3, Delta("gatehouse_rpc_requests_total", [.. healthz, ("protocol", "grpc-web")]));
            Assert.Equal(2, Delta("gatehouse_rpc_duration_seconds_count", ("rpc_method", "AddHumanUser"), ("protocol", "json")));
            Assert.True(Delta("gatehouse_rpc_duration_seconds_sum", ("rpc_method", "AddHumanUser")) > 0);
            Assert.Equal(1, Delta("gatehouse_rpc_requests_total", ("rpc_method", "CreateSession"), ("status", "InvalidArgument")));
            Assert.Equal(1, Delta("gatehouse_rpc_requests_total", ("rpc_method", "SetMyEmail"), ("protocol", "grpc"), ("status", "OK")));
            Assert.Equal(2, Delta("gatehouse_events_appended_total", ("event_type", "user.human.added")));
            Assert.Equal(1, Delta("gatehouse_events_appended_total", ("event_type", "user.human.email.code.sent")));
            Assert.Equal(1, Delta("gatehouse_codes_sent_total", ("template", "VerifyEmail")));
            Assert.Equal(1, Delta("gatehouse_users_locked_total"));
            Assert.Contains("gatehouse_email_queue_depth", after.Keys.Select(Name));
            Assert.Contains("gatehouse_email_queue_oldest_age_seconds", after.Keys.Select(Name));
            Assert.Contains("http_server_request_duration_seconds_count", after.Keys.Select(Name));
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task An_otlp_endpoint_receives_traces_of_the_api_call_the_database_and_the_mail_and_metrics()
    {
        await using var collector = new FakeOtlpCollector();
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Otlp__Endpoint"] = collector.Endpoint,
            ["Otlp__Protocol"] = "http/protobuf",
            // The SDK's standard variables: export quickly so the test need not wait for the defaults (5 s, 60 s).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var user = await new Accounts(clients, server).CreateHumanAsync();
            await new AuthService.AuthServiceClient(clients.Grpc).SetMyEmailAsync(
                new SetMyEmailRequest { Email = $"new-{user.Email}" }, ApiClients.Bearer(user.Token), cancellationToken: Ct);
            await Accounts.WaitForMailAsync(server.DataPath, $"new-{user.Email}");

            // Span names travel as plain UTF-8 strings inside the protobuf payload.
            await collector.WaitForAsync("/v1/traces", "zitadel.user.v2.UserService/AddHumanUser", "zitadel.auth.v1.AuthService/SetMyEmail",
                "eventstore append", "eventstore read stream", "email send", "POST /v2/users/human");
            await collector.WaitForAsync("/v1/metrics", "gatehouse.rpc.requests", "gatehouse.events.appended", "gatehouse.codes.sent");
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    private static async Task<Dictionary<string, double>> WaitForScrapeAsync(HttpClient http, Func<Dictionary<string, double>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var scrape = await ScrapeAsync(http);
            if (done(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(200, Ct);
        }
    }

    /// <summary>The exposition format's samples: <c>name{labels} value</c> → value.</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync(Ct)).Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }

    private static string Name(string series) => series.Split('{')[0];

    private static double Sum(Dictionary<string, double> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => Name(s.Key) == name && labels.All(l => s.Key.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(s => s.Value);

    /// <summary>An OTLP/HTTP receiver that keeps every request body by path.</summary>
    private sealed class FakeOtlpCollector : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly List<(string Path, byte[] Body)> received = [];
        private readonly Task serving;

        public FakeOtlpCollector()
        {
            var port = GatehouseProcess.FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            listener.Prefixes.Add(Endpoint + "/");
            listener.Start();
            serving = Task.Run(ServeAsync);
        }

        public string Endpoint { get; }

        public async Task WaitForAsync(string path, params string[] texts)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string all;
            do
            {
                lock (received)
                {
                    all = string.Join('\n', received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
                }

                if (texts.All(t => all.Contains(t, StringComparison.Ordinal)))
                {
                    return;
                }

                await Task.Delay(200, Ct);
            }
            while (DateTime.UtcNow < deadline);

            var missing = texts.Where(t => !all.Contains(t, StringComparison.Ordinal));
            Assert.Fail($"{path} never carried: {string.Join(", ", missing)} ({all.Length} bytes received)");
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            await serving;
            listener.Close();
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (received)
                {
                    received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
