using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Outage;

/// <summary>
/// The database going away, on a PostgreSQL cluster of the test's own: calls fail fast with Unavailable (gRPC 14,
/// HTTP 503, ZITADEL's <c>db connection error ()</c>), the server recovers by itself when the database is back, and
/// nothing it acknowledged is lost — also when the database is not there yet when the server starts.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Database = "gatehouse";
    private const string UnavailableBody = """{"code":14,"message":"db connection error ()"}""";

    // Generous for a loaded CI machine; a call that waited for a connect or statement timeout would take 5 s or more.
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_the_database_is_down_calls_fail_fast_and_afterwards_every_acknowledged_write_is_there()
    {
        await using var postgres = await PrivatePostgres.CreateAsync();
        await postgres.StartAsync();
        await postgres.CreateDatabaseAsync(Database);
        await using var server = await GatehouseProcess.StartAsync(Environment(postgres));
        using var clients = new ApiClients(server.BaseAddress);
        var admin = server.ReadAdminToken();
        try
        {
            // Users are created without pause before, during and after the outage.
            var acknowledged = new List<(string Id, string Name)>();
            var refused = new List<(HttpStatusCode Status, string Body, TimeSpan Took)>();
            using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var writer = Task.Run(async () =>
            {
                while (!stopWriting.IsCancellationRequested)
                {
                    var (status, body, took, name) = await CreateUserAsync(clients, admin);
                    lock (acknowledged)
                    {
                        if (status == HttpStatusCode.OK)
                        {
                            acknowledged.Add((JsonNode.Parse(body)!["userId"]!.GetValue<string>(), name));
                        }
                        else
                        {
                            refused.Add((status, body, took));
                        }
                    }
                }
            }, Ct);
            await WaitUntilAsync(() => Count(acknowledged) >= 5, TimeSpan.FromSeconds(30));

            await postgres.CrashAsync();
            var acknowledgedBefore = Count(acknowledged);
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);

            var (rest, restBody, restTook) = await SendAsync(clients, HttpMethod.Get, "/auth/v1/users/me", admin);
            var clock = Stopwatch.StartNew();
            var grpc = await Assert.ThrowsAsync<RpcException>(async () => await new AuthService.AuthServiceClient(clients.Grpc)
                .GetMyUserAsync(new GetMyUserRequest(), ApiClients.Bearer(admin), cancellationToken: Ct));
            var grpcTook = clock.Elapsed;
            var (ready, _, _) = await SendAsync(clients, HttpMethod.Get, "/debug/ready", token: null);

            await postgres.StartAsync();
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            await WaitUntilAsync(() => Count(acknowledged) > acknowledgedBefore, TimeSpan.FromSeconds(30));
            await stopWriting.CancelAsync();
            await writer;

            Assert.Equal((HttpStatusCode.ServiceUnavailable, UnavailableBody), (rest, restBody));
            Assert.True(restTook < Fast, $"REST took {restTook}");
            Assert.Equal((StatusCode.Unavailable, "db connection error ()"), (grpc.StatusCode, grpc.Status.Detail));
            Assert.True(grpcTook < Fast, $"gRPC took {grpcTook}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
            Assert.NotEmpty(refused);
            Assert.All(refused, r => Assert.Equal((HttpStatusCode.ServiceUnavailable, UnavailableBody), (r.Status, r.Body)));
            Assert.All(refused, r => Assert.True(r.Took < Fast, $"a refused write took {r.Took}"));

            // Every acknowledged user is in the log and the read model, and its login name is still taken.
            var ids = string.Join(',', acknowledged.Select(a => $"'{a.Id}'"));
            Assert.Equal(acknowledged.Count, await postgres.CountAsync(Database,
                $"SELECT COUNT(DISTINCT aggregate_id) FROM events WHERE event_type = 'user.human.added' AND aggregate_id IN ({ids})"));
            Assert.Equal(acknowledged.Count, await postgres.CountAsync(Database, $"SELECT COUNT(*) FROM users WHERE id IN ({ids})"));
            foreach (var (_, name) in acknowledged.Take(acknowledgedBefore).TakeLast(3))
            {
                var (again, _, _, _) = await CreateUserAsync(clients, admin, name);
                Assert.Equal(HttpStatusCode.Conflict, again);
            }
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(server.Output);
            throw;
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_server_started_before_its_database_answers_unavailable_and_becomes_ready_when_it_appears()
    {
        await using var postgres = await PrivatePostgres.CreateAsync();
        await using var server = await GatehouseProcess.StartAsync(Environment(postgres), untilReady: false);
        using var clients = new ApiClients(server.BaseAddress);
        try
        {
            var (rest, restBody, restTook) = await SendAsync(clients, HttpMethod.Post, "/v2/users/human", "any-token", "{}");
            var grpc = await Assert.ThrowsAsync<RpcException>(async () => await new AuthService.AuthServiceClient(clients.Grpc)
                .GetMyUserAsync(new GetMyUserRequest(), ApiClients.Bearer("any-token"), cancellationToken: Ct));
            var (ready, _, _) = await SendAsync(clients, HttpMethod.Get, "/debug/ready", token: null);
            var (alive, _, _) = await SendAsync(clients, HttpMethod.Get, "/debug/healthz", token: null);

            Assert.Equal((HttpStatusCode.ServiceUnavailable, UnavailableBody), (rest, restBody));
            Assert.True(restTook < Fast, $"REST took {restTook}");
            Assert.Equal((StatusCode.Unavailable, "db connection error ()"), (grpc.StatusCode, grpc.Status.Detail));
            Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (ready, alive));

            // It keeps running and retrying instead of exiting (and being restarted in a loop).
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            Assert.False(server.HasExited, server.Output);
            Assert.False(File.Exists(Path.Combine(server.DataPath, "admin.pat")));

            await postgres.StartAsync();
            await postgres.CreateDatabaseAsync(Database);
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

            var accounts = new Accounts(clients, server);
            var user = await accounts.CreateHumanAsync();
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(clients, HttpMethod.Get, "/auth/v1/users/me", user.Token)).Status);
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(server.Output);
            throw;
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    private static Dictionary<string, string> Environment(PrivatePostgres postgres) => new()
    {
        ["Database__Provider"] = "postgres",
        ["Database__ConnectionString"] = postgres.ConnectionString(Database),
    };

    private static async Task<(HttpStatusCode Status, string Body, TimeSpan Took, string Name)> CreateUserAsync(
        ApiClients clients, string admin, string? name = null)
    {
        name ??= $"o{Guid.NewGuid():N}"[..12];
        var user = new JsonObject
        {
            ["username"] = name,
            ["profile"] = new JsonObject { ["givenName"] = "Out", ["familyName"] = "Age" },
            ["email"] = new JsonObject { ["email"] = $"{name}@acme.test", ["isVerified"] = true },
        };
        var (status, body, took) = await SendAsync(clients, HttpMethod.Post, "/v2/users/human", admin, user.ToJsonString());
        return (status, body, took, name);
    }

    private static async Task<(HttpStatusCode Status, string Body, TimeSpan Took)> SendAsync(
        ApiClients clients, HttpMethod method, string path, string? token, string? json = null)
    {
        var clock = Stopwatch.StartNew();
        using var request = ApiClients.Request(method, path, token, json);
        using var response = await clients.Rest.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, body, clock.Elapsed);
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {timeout}.");
            await Task.Delay(50, Ct);
        }
    }
}
