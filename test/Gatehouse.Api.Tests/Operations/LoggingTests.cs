using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>The server's own output: JSON lines with a request id when asked, and never a secret.</summary>
public sealed class LoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Json_logs_are_one_object_per_line_and_carry_the_request_id()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            // appsettings.json keeps ASP.NET Core's per-request lines at Warning; this test reads them.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            using var request = ApiClients.Request(HttpMethod.Get, "/auth/v1/users/me", "not-a-valid-token");
            using var response = await clients.Rest.SendAsync(request, Ct);
            await Task.Delay(300, Ct);

            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
            var finished = entries.Last(e => e.GetProperty("Message").GetString()!.StartsWith("Request finished", StringComparison.Ordinal)
                && e.GetProperty("Message").GetString()!.Contains("/auth/v1/users/me", StringComparison.Ordinal));
            Assert.Equal("Information", finished.GetProperty("LogLevel").GetString());
            var scope = finished.GetProperty("Scopes").EnumerateArray().Single(s => s.TryGetProperty("RequestId", out _));
            Assert.Matches("^[0-9A-Z]+:[0-9A-F]{8}$", scope.GetProperty("RequestId").GetString());
            Assert.Equal("/auth/v1/users/me", scope.GetProperty("RequestPath").GetString());
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task No_code_token_or_password_appears_in_the_output_even_at_the_most_verbose_level()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore.Server.Kestrel"] = "Trace",
        });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var auth = new AuthService.AuthServiceClient(clients.Grpc);

            // Create a user, sign in, change the email (a code is mailed), verify it, add OTP Email; and a machine's PAT.
            var user = await accounts.CreateHumanAsync();
            var newEmail = $"new-{user.Email}";
            await auth.SetMyEmailAsync(new SetMyEmailRequest { Email = newEmail }, ApiClients.Bearer(user.Token), cancellationToken: Ct);
            var code = Accounts.CodeIn(await Accounts.WaitForMailAsync(server.DataPath, newEmail));
            await accounts.PostAsync("/auth/v1/users/me/email/_verify", user.Token, $$"""{"code":"{{code}}"}""", System.Net.HttpStatusCode.OK);
            await accounts.PostAsync("/auth/v1/users/me/auth_factors/otp_email", user.Token, "{}", System.Net.HttpStatusCode.OK);
            var (_, machineToken) = await accounts.CreateMachineAsync();
            await Task.Delay(500, Ct);

            var output = server.Output;
            Assert.Contains("Request finished", output, StringComparison.Ordinal);
            foreach (var (what, secret) in new[]
            {
                ("password", user.Password), ("session token", user.Token), ("email code", code),
                ("administrator PAT", accounts.AdminToken), ("login client PAT", accounts.LoginClientToken), ("machine PAT", machineToken),
            })
            {
                Assert.False(output.Contains(secret, StringComparison.Ordinal), $"The {what} appears in the server's output.");
            }
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
