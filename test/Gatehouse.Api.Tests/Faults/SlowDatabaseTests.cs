using System.Diagnostics;
using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Npgsql;

namespace Gatehouse.Api.Tests.Faults;

/// <summary>
/// A database that answers, but too slowly: calls end within the configured timeouts with Unavailable instead of
/// hanging, and once the database is quick again everything acknowledged before is there and calls succeed.
/// </summary>
[Collection(SeparateProcesses.Name)]
public sealed class SlowDatabaseTests
{
    [Fact]
    public async Task A_slow_database_gets_a_clear_unavailable_within_the_timeouts_and_nothing_is_lost()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, direct.Port));
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            Timeout = 2,
            CommandTimeout = 2,
        };
        var environment = database.ServerEnvironment();
        environment["Database__ConnectionString"] = throughProxy.ConnectionString;
        await using var server = await GatehouseProcess.StartAsync(environment);
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var before = await accounts.CreateHumanAsync();

            proxy.Delay = TimeSpan.FromSeconds(5);
            var watch = Stopwatch.StartNew();
            using (var request = ApiClients.Request(HttpMethod.Post, "/auth/v1/users/me/auth_factors/otp_email", before.Token, "{}"))
            using (var response = await clients.Rest.SendAsync(request, TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Contains("db connection error", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            }

            // Bounded by the connection string's timeouts (2 s to connect, 2 s per statement) plus slack, never a hang.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");

            proxy.Delay = TimeSpan.Zero;
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            using var me = ApiClients.Request(HttpMethod.Get, "/auth/v1/users/me", before.Token);
            using var answer = await clients.Rest.SendAsync(me, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
