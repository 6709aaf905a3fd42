using System.Net;
using System.Security.Cryptography;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Nodes;

/// <summary>
/// Two real server processes on one fresh PostgreSQL database, as behind a load balancer: one master key (or a
/// token hashed by one node would not verify on the other), each its own data folder and mail server.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private TwoNodes(TestDatabase database, GatehouseProcess a, GatehouseProcess b)
    {
        Database = database;
        A = a;
        B = b;
        ClientsA = new ApiClients(a.BaseAddress);
        ClientsB = new ApiClients(b.BaseAddress);
        Accounts = new Accounts(ClientsA, a);
    }

    public TestDatabase Database { get; }

    public GatehouseProcess A { get; }

    public GatehouseProcess B { get; }

    public ApiClients ClientsA { get; }

    public ApiClients ClientsB { get; }

    /// <summary>Through node A, which set up the instance and so holds the administrator's token.</summary>
    public Accounts Accounts { get; }

    /// <summary>
    /// Starts node A, then node B: A migrates and sets up the instance (writing <c>admin.pat</c> into its own data
    /// folder), B finds both done.
    /// </summary>
    /// <param name="throttleMails">
    /// False for tests that change one user's address many times in a row on purpose: the mail throttle (its own
    /// tests are in Users/) would refuse all but the first change within its cooldown.
    /// </param>
    /// <param name="issuer">One OIDC issuer for both nodes, as behind one load balancer (default: each its own port).</param>
    public static async Task<TwoNodes> StartAsync(
        HoldingSmtpSink mailOfA, HoldingSmtpSink mailOfB, int? leaseSeconds = null, bool throttleMails = true, string? issuer = null)
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var environment = NodeEnvironment(database, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), leaseSeconds);
        if (issuer is not null)
        {
            environment["Oidc__Issuer"] = issuer;
        }

        if (!throttleMails)
        {
            environment["Gatehouse__OtpEmail__SendCooldown"] = "00:00:00";
            environment["Gatehouse__OtpEmail__MaxSendsPerAddress"] = "100000";
        }

        GatehouseProcess? a = null;
        try
        {
            a = await GatehouseProcess.StartAsync(With(environment, mailOfA.NodeEnvironment()));
            var b = await GatehouseProcess.StartAsync(With(environment, mailOfB.NodeEnvironment()));
            return new TwoNodes(database, a, b);
        }
        catch
        {
            if (a is not null)
            {
                await a.DisposeAsync();
                a.DeleteData();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>What every node of one deployment shares: the database, the master key, the outbox lease.</summary>
    public static Dictionary<string, string> NodeEnvironment(TestDatabase database, string masterKey, int? leaseSeconds = null)
    {
        var environment = database.ServerEnvironment();
        environment["Gatehouse__MasterKey"] = masterKey;
        if (leaseSeconds is { } seconds)
        {
            environment["Gatehouse__Outbox__LeaseSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }

    public static Dictionary<string, string> With(Dictionary<string, string> environment, Dictionary<string, string> more) =>
        new(environment.Concat(more));

    /// <summary>Node A for even numbers, B for odd: calls spread over both as a round-robin balancer would.</summary>
    public HttpClient Rest(int i) => i % 2 == 0 ? ClientsA.Rest : ClientsB.Rest;

    public static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string path, string token, string? json = null)
    {
        using var request = ApiClients.Request(method, path, token, json);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        ClientsA.Dispose();
        ClientsB.Dispose();
        foreach (var node in new[] { A, B })
        {
            await node.DisposeAsync();
            node.DeleteData();
        }

        await Database.DisposeAsync();
    }
}
