using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>The one binary driven from a script: help, exit codes, JSON output, and the admin commands on a real data folder.</summary>
public sealed class CommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_lists_every_command()
    {
        var help = await GatehouseProcess.RunCommandAsync(["--help"]);

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "start", "migrate", "admin", "create-pat", "unlock-user", "Exit codes" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("start", "Run the server")]
    [InlineData("migrate", "--json")]
    [InlineData("admin", "create-pat")]
    [InlineData("admin create-pat", "<user>")]
    [InlineData("admin unlock-user", "<user>")]
    public async Task Each_command_has_its_own_help(string command, string expected)
    {
        var help = await GatehouseProcess.RunCommandAsync([.. command.Split(' '), "--help"]);

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains($"Usage:\n  gatehouse {command}", help.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(expected, help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("migrate --bogus")]
    [InlineData("admin")]
    [InlineData("admin create-pat")]
    public async Task A_wrong_command_line_exits_with_2_and_says_why(string command)
    {
        var result = await GatehouseProcess.RunCommandAsync(command.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("gatehouse: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Migrate_creates_the_schema_and_exits_without_opening_the_port()
    {
        // The configured port is taken: a command that tried to listen would fail.
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("gatehouse-test-").FullName;
        try
        {
            var result = await GatehouseProcess.RunCommandAsync(["migrate", "--json"], data, port: port);

            Assert.True(result.ExitCode == 0, result.ToString());
            var json = JsonDocument.Parse(result.Output).RootElement;
            Assert.True(json.GetProperty("migrated").GetBoolean());
            Assert.Equal("sqlite", json.GetProperty("provider").GetString());
            Assert.True(File.Exists(Path.Combine(data, "gatehouse.db")));
            // Migrations alone: no first instance, so no tokens.
            Assert.False(File.Exists(Path.Combine(data, "admin.pat")));

            var again = await GatehouseProcess.RunCommandAsync(["migrate"], data, port: port);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains("up to date", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Admin_commands_on_a_database_without_schema_say_to_migrate_first()
    {
        var result = await GatehouseProcess.RunCommandAsync(["admin", "unlock-user", "alice"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("gatehouse migrate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_pat_prints_a_token_the_server_accepts_by_username_and_by_id()
    {
        await using var server = await GatehouseProcess.StartAsync();
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var (machineId, _) = await accounts.CreateMachineAsync();

            // The seeded administrator, by username; plain output is the token alone.
            var byName = await GatehouseProcess.RunCommandAsync(["admin", "create-pat", "admin"], server.DataPath);
            Assert.True(byName.ExitCode == 0, byName.ToString());
            var token = byName.Output.Trim();
            Assert.DoesNotContain('\n', token);
            var me = await accounts.GetAsync("/auth/v1/users/me", token);
            Assert.Equal("admin", me["user"]!["userName"]!.GetValue<string>());

            // A new machine user, by id, as JSON with an expiry.
            var byId = await GatehouseProcess.RunCommandAsync(
                ["admin", "create-pat", machineId, "--expiration", "2099-01-01T00:00:00Z", "--json"], server.DataPath);
            Assert.True(byId.ExitCode == 0, byId.ToString());
            var json = JsonDocument.Parse(byId.Output).RootElement;
            Assert.Equal(machineId, json.GetProperty("userId").GetString());
            Assert.Equal("2099-01-01T00:00:00.000000Z", json.GetProperty("expirationDate").GetString());
            var machineMe = await accounts.GetAsync("/auth/v1/users/me", json.GetProperty("token").GetString()!);
            Assert.Equal(machineId, machineMe["user"]!["id"]!.GetValue<string>());
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task Create_pat_refuses_humans_and_unknown_users_with_exit_code_1()
    {
        await using var server = await GatehouseProcess.StartAsync();
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var human = await new Accounts(clients, server).CreateHumanAsync();

            var forHuman = await GatehouseProcess.RunCommandAsync(["admin", "create-pat", human.LoginName, "--json"], server.DataPath);
            Assert.True(forHuman.ExitCode == 1, forHuman.ToString());
            Assert.Contains("Not allowed for this user type (COMMAND-Df2f1)", JsonDocument.Parse(forHuman.Output).RootElement.GetProperty("error").GetString(),
                StringComparison.Ordinal);

            var unknown = await GatehouseProcess.RunCommandAsync(["admin", "create-pat", "nobody"], server.DataPath);
            Assert.True(unknown.ExitCode == 1, unknown.ToString());
            Assert.Contains("no user has the id or login name \"nobody\"", unknown.Error, StringComparison.Ordinal);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task Unlock_user_lets_a_locked_out_user_sign_in_again()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string> { ["Gatehouse__MaxPasswordAttempts"] = "1" });
        try
        {
            using var clients = new ApiClients(server.BaseAddress);
            var accounts = new Accounts(clients, server);
            var user = await accounts.CreateHumanAsync();
            await SignInAsync(clients, accounts, user.LoginName, "Wrong-Password1!", HttpStatusCode.BadRequest);
            await SignInAsync(clients, accounts, user.LoginName, user.Password, HttpStatusCode.BadRequest);

            // While the server runs, on its data folder: the command appends user.unlocked like the API would.
            var unlock = await GatehouseProcess.RunCommandAsync(["admin", "unlock-user", user.LoginName, "--json"], server.DataPath);
            Assert.True(unlock.ExitCode == 0, unlock.ToString());
            var json = JsonDocument.Parse(unlock.Output).RootElement;
            Assert.Equal(user.UserId, json.GetProperty("userId").GetString());

            await SignInAsync(clients, accounts, user.LoginName, user.Password, HttpStatusCode.Created);

            var again = await GatehouseProcess.RunCommandAsync(["admin", "unlock-user", user.UserId], server.DataPath);
            Assert.True(again.ExitCode == 1, again.ToString());
            Assert.Contains("User is not locked (COMMAND-olb9vb0oca)", again.Error, StringComparison.Ordinal);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    private static async Task SignInAsync(ApiClients clients, Accounts accounts, string loginName, string password, HttpStatusCode expected)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["checks"] = new System.Text.Json.Nodes.JsonObject
            {
                ["user"] = new System.Text.Json.Nodes.JsonObject { ["loginName"] = loginName },
                ["password"] = new System.Text.Json.Nodes.JsonObject { ["password"] = password },
            },
        }.ToJsonString();
        using var request = ApiClients.Request(HttpMethod.Post, "/v2/sessions", accounts.LoginClientToken, body);
        using var response = await clients.Rest.SendAsync(request, Ct);
        Assert.True(response.StatusCode == expected, $"sign-in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
