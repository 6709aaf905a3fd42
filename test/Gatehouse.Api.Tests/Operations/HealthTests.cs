using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Npgsql;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>ZITADEL's probes: /debug/healthz (the process is up) and /debug/ready (the node can serve).</summary>
public sealed class HealthTests(SqliteServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_answers_ok()
    {
        var (status, body) = await GetAsync(server.Clients.Rest, "/debug/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task Ready_answers_ok_when_database_migrations_and_outbox_worker_are_fine()
    {
        var (status, body) = await GetAsync(server.Clients.Rest, "/debug/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task The_auth_api_healthz_answers_without_a_token()
    {
        var (status, body) = await GetAsync(server.Clients.Rest, "/auth/v1/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body);
    }

    [Fact]
    public async Task Ready_flips_to_503_while_the_database_is_unreachable_and_back()
    {
        var admin = Environment.GetEnvironmentVariable("GATEHOUSE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("GATEHOUSE_TEST_POSTGRES is not set; scripts/test starts PostgreSQL and sets it.");
        var database = $"gatehouse_ready_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var postgres = new NpgsqlConnectionStringBuilder(admin);
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Parse(postgres.Host!), postgres.Port));
        var connection = new NpgsqlConnectionStringBuilder(admin) { Host = "127.0.0.1", Port = proxy.Port, Database = database, Timeout = 3 };
        await using var node = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["Database__ConnectionString"] = connection.ConnectionString,
        });
        try
        {
            using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal((HttpStatusCode.OK, "ok"), await GetAsync(http, "/debug/ready"));

            await proxy.CutAsync();
            var down = await WaitForAsync(http, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("not ready: database unreachable", down);
            Assert.Equal((HttpStatusCode.OK, "ok"), await GetAsync(http, "/debug/healthz"));

            proxy.Restore();
            Assert.Equal("ok", await WaitForAsync(http, HttpStatusCode.OK));
            Assert.False(node.HasExited, node.Output);
        }
        finally
        {
            await node.KillAsync();
            node.DeleteData();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task<string> WaitForAsync(HttpClient http, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (HttpStatusCode Status, string Body) last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(http, "/debug/ready");
            if (last.Status == expected)
            {
                return last.Body;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException($"/debug/ready stayed {(int)last.Status} {last.Body}");
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
