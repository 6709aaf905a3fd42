using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>A stop (SIGTERM) lets the work in flight finish: the request being received and the mail being sent.</summary>
public sealed class ShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_in_flight_when_the_server_is_stopped_still_gets_its_answer()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string> { ["Gatehouse__ShutdownTimeoutSeconds"] = "20" });
        try
        {
            var body = new JsonObject
            {
                ["username"] = "late-arrival",
                ["profile"] = new JsonObject { ["givenName"] = "Late", ["familyName"] = "Arrival" },
                ["email"] = new JsonObject { ["email"] = "late@acme.test", ["isVerified"] = true },
            }.ToJsonString();
            using var request = await SlowRequest.StartAsync(server.Port, "/v2/users/human", body, server.ReadAdminToken());
            await Task.Delay(500, Ct);

            var stopped = server.StopAsync();
            await Task.Delay(1000, Ct);
            Assert.False(stopped.IsCompleted, "the server stopped without waiting for the request in flight");

            var response = await request.FinishAsync();
            Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
            Assert.Contains("\"userId\":", response, StringComparison.Ordinal);
            Assert.Equal(0, await stopped);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_mail_being_sent_when_the_server_is_stopped_is_finished_and_not_sent_again()
    {
        await using var smtp = new SlowSmtpServer(TimeSpan.FromSeconds(2));
        var environment = new Dictionary<string, string>
        {
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "none",
            ["Smtp__From"] = "noreply@acme.test",
            ["Gatehouse__ShutdownTimeoutSeconds"] = "20",
        };
        await using var server = await GatehouseProcess.StartAsync(environment);
        try
        {
            using (var clients = new ApiClients(server.BaseAddress))
            {
                // Never verified, so the change mails only the code, not also a notice to the old address.
                var user = await new Accounts(clients, server).CreateHumanAsync(verified: false);
                await new AuthService.AuthServiceClient(clients.Grpc).SetMyEmailAsync(
                    new SetMyEmailRequest { Email = $"new-{user.Email}" }, ApiClients.Bearer(user.Token), cancellationToken: Ct);
            }

            await smtp.DataReceived.WaitAsync(TimeSpan.FromSeconds(20), Ct);
            Assert.Equal(0, await server.StopAsync());
            Assert.Equal(1, smtp.Accepted);
            Assert.Contains("accepted by 127.0.0.1", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("not delivered", server.Output, StringComparison.Ordinal);

            // The delivery was recorded before the process ended: a restart on the same data sends nothing again.
            await using var restarted = await GatehouseProcess.StartAsync(environment, server.DataPath);
            await Task.Delay(3000, Ct);
            await restarted.KillAsync();
            Assert.Equal(1, smtp.Accepted);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
