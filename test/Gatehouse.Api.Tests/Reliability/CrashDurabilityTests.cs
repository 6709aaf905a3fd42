using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using System.Data.Common;
using Gatehouse.Api.Tests.Sessions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gatehouse.Api.Tests.Reliability;

/// <summary>
/// Kills a real server with SIGKILL at random moments under a mixed load (factor adds and removes, code challenges and
/// checks, mailed codes), restarts it on the same data, and then checks that every write acknowledged to a client is
/// in the log, that the read models equal a rebuild from the log, and that every committed code request was mailed.
/// </summary>
public abstract class CrashDurabilityTests
{
    private readonly Dictionary<string, string> settings = new()
    {
        // The load mails codes as fast as it can; the limits are tested elsewhere.
        ["Gatehouse__OtpEmail__SendCooldown"] = "00:00:00",
        ["Gatehouse__OtpEmail__MaxSendsPerAddress"] = "100000",
    };

    protected abstract string Backend { get; }

    /// <summary>The database settings for the server, made fresh for the test.</summary>
    protected abstract Task<Dictionary<string, string>> DatabaseAsync();

    /// <summary>An open connection to the event log, to check what was written.</summary>
    protected abstract Task<DbConnection> OpenLogAsync(string dataPath);

    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public sealed class OnSqlite : CrashDurabilityTests
    {
        protected override string Backend => "sqlite";

        protected override Task<Dictionary<string, string>> DatabaseAsync() => Task.FromResult(new Dictionary<string, string>());

        protected override async Task<DbConnection> OpenLogAsync(string dataPath)
        {
            var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "gatehouse.db")};Mode=ReadOnly");
            await connection.OpenAsync();
            return connection;
        }
    }

    public sealed class OnPostgres : CrashDurabilityTests
    {
        private TestDatabase? database;

        protected override string Backend => "postgres";

        protected override async Task<Dictionary<string, string>> DatabaseAsync()
        {
            database = await TestPostgres.CreateDatabaseAsync();
            return database.ServerEnvironment();
        }

        protected override async Task<DbConnection> OpenLogAsync(string dataPath)
        {
            var connection = new NpgsqlConnection(database!.ConnectionString);
            await connection.OpenAsync();
            return connection;
        }

        protected override async ValueTask CleanUpAsync()
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Acknowledged_writes_and_code_requests_survive_random_kills()
    {
        var crashes = 20 * ReliabilityFigures.Scale;
        var random = new Random(Environment.TickCount);
        foreach (var (key, value) in await DatabaseAsync())
        {
            settings[key] = value;
        }

        var server = await GatehouseProcess.StartAsync(settings);
        var dataPath = server.DataPath;
        var acknowledged = new ConcurrentBag<Acknowledged>();
        List<TestUser> users;
        using (var clients = new ApiClients(server.BaseAddress))
        {
            var accounts = new Accounts(clients, server);
            users = [];
            for (var i = 0; i < 6; i++)
            {
                users.Add(await accounts.CreateHumanAsync());
            }
        }

        try
        {
            for (var crash = 0; crash < crashes; crash++)
            {
                using var clients = new ApiClients(server.BaseAddress);
                var steps = new SessionSteps(clients, server.ReadLoginClientToken());
                using var stop = new CancellationTokenSource();
                var load = Enumerable.Range(0, 6).Select(w => LoadAsync(clients, steps, users[w], acknowledged, stop.Token)).ToArray();
                await Task.Delay(random.Next(500, 1500), TestContext.Current.CancellationToken);
                await server.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(load);
                await server.DisposeAsync();
                server = await GatehouseProcess.StartAsync(settings, dataPath: dataPath);
            }

            var mailed = await WaitForAllMailsAsync(dataPath);
            var missing = await MissingAcknowledgedWritesAsync(dataPath, acknowledged);
            var verification = await server.RunOnDataAsync("admin", "verify-read-models");

            ReliabilityFigures.Record($"crash-{Backend}", new Dictionary<string, long>
            {
                ["crashes survived"] = crashes,
                ["acknowledged writes verified"] = acknowledged.Count,
                ["committed code requests mailed"] = mailed.Committed,
                ["failures"] = missing.Count + mailed.Lost + (verification.ExitCode == 0 ? 0 : 1),
            });
            Assert.Empty(missing);
            Assert.Equal(0, mailed.Lost);
            Assert.True(verification.ExitCode == 0, verification.Output + verification.Error);
            // The harness must have exercised something; how much depends on how loaded the machine is.
            Assert.NotEmpty(acknowledged);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
            await CleanUpAsync();
        }
    }

    private static async Task LoadAsync(ApiClients clients, SessionSteps steps, TestUser user, ConcurrentBag<Acknowledged> acknowledged, CancellationToken stop)
    {
        var random = new Random(user.UserId.GetHashCode(StringComparison.Ordinal) ^ Environment.TickCount);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                switch (random.Next(3))
                {
                    case 0:
                        var add = random.Next(2) == 0;
                        using (var request = ApiClients.Request(add ? HttpMethod.Post : HttpMethod.Delete, "/auth/v1/users/me/auth_factors/otp_email", user.Token, add ? "{}" : null))
                        using (var response = await clients.Rest.SendAsync(request, stop))
                        {
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement;
                                acknowledged.Add(new Acknowledged("user", user.UserId,
                                    long.Parse(body.GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                                    add ? "user.human.mfa.otp.email.added" : "user.human.mfa.otp.email.removed"));
                            }
                        }

                        break;
                    case 1:
                        var (created, session) = await steps.StartAsync(user);
                        if (created == HttpStatusCode.Created)
                        {
                            var id = session.GetProperty("sessionId").GetString()!;
                            var (checkedStatus, _) = await steps.CheckAsync(id, session.GetProperty("challenges").GetProperty("otpEmail").GetString()!);
                            if (checkedStatus == HttpStatusCode.OK)
                            {
                                acknowledged.Add(new Acknowledged("session", id, 0, "session.otp.email.checked"));
                            }
                        }

                        break;
                    default:
                        var (mailed, mailSession) = await steps.StartAsync(user, """{"sendCode":{}}""");
                        if (mailed == HttpStatusCode.Created)
                        {
                            acknowledged.Add(new Acknowledged("session", mailSession.GetProperty("sessionId").GetString()!, 0, "session.otp.email.challenged"));
                        }

                        break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException or KeyNotFoundException)
            {
                // The server died under the request: not acknowledged, so nothing to check.
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private async Task<List<string>> MissingAcknowledgedWritesAsync(string dataPath, IEnumerable<Acknowledged> acknowledged)
    {
        await using var connection = await OpenLogAsync(dataPath);
        var missing = new List<string>();
        foreach (var write in acknowledged)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = write.Sequence > 0
                ? "SELECT COUNT(*) FROM events WHERE aggregate_type = @type AND aggregate_id = @id AND sequence = @sequence AND event_type = @event"
                : "SELECT COUNT(*) FROM events WHERE aggregate_type = @type AND aggregate_id = @id AND event_type = @event";
            Parameter(command, "@type", write.AggregateType);
            Parameter(command, "@id", write.AggregateId);
            Parameter(command, "@sequence", write.Sequence);
            Parameter(command, "@event", write.EventType);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                missing.Add(write.ToString());
            }
        }

        return missing;
    }

    /// <summary>Every mailed code request in the log (its outbox id is the user stream and sequence) must reach the mail sink.</summary>
    private async Task<(long Committed, int Lost)> WaitForAllMailsAsync(string dataPath)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = await OpenLogAsync(dataPath))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT aggregate_id, sequence FROM events
                WHERE event_type = 'user.human.mfa.otp.email.code.added' AND payload LIKE '%"recipient"%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected.Add($"user-{reader.GetString(0)}-{reader.GetInt64(1)}");
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var lost = expected.Count;
        while (DateTime.UtcNow < deadline)
        {
            var delivered = Directory.Exists(Path.Combine(dataPath, "mail"))
                ? Directory.GetFiles(Path.Combine(dataPath, "mail"), "*.eml").Select(File.ReadAllText).ToList()
                : [];
            lost = expected.Count(id => !delivered.Any(mail => mail.Contains(id, StringComparison.Ordinal)));
            if (lost == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        return (expected.Count, lost);
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record Acknowledged(string AggregateType, string AggregateId, long Sequence, string EventType);
}
