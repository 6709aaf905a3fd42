using System.CommandLine;

namespace Gatehouse.Cli;

/// <summary>
/// The one binary's commands. <c>start</c> (also what runs without a command) is the server; the others open the
/// database, do one thing and exit, without listening on any port. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class GatehouseCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"gatehouse: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'gatehouse --help' for the commands and their options.");
            return ExitCodes.Usage;
        }

        // No termination handling here: the server's host handles SIGTERM and Ctrl+C itself (graceful shutdown), and
        // the short commands are fine to interrupt.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    public static RootCommand Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the result (or the error) as one JSON object on standard output." };
        var start = new Command("start", "Run the server: migrate the database, set up the first instance on a fresh one, serve the API.");
        start.SetAction(_ => ServerCommand.RunAsync());

        var migrate = new Command("migrate", "Bring the database schema up to date, then exit. Safe to run on every deploy and from several nodes.")
        {
            json,
        };
        migrate.SetAction((parse, ct) => AdminCommands.RunAsync(parse.GetValue(json), (admin, output) => admin.MigrateAsync(output, ct)));

        var patUser = new Argument<string>("user") { Description = "The machine user: its id or its username." };
        var expiration = new Option<DateTimeOffset?>("--expiration")
        {
            Description = "When the token stops working (ISO 8601, e.g. 2030-01-31T00:00:00Z). Default: never.",
        };
        var createPat = new Command("create-pat", "Create a personal access token for a machine user and print it.")
        {
            patUser, expiration, json,
        };
        createPat.SetAction((parse, ct) => AdminCommands.RunAsync(parse.GetValue(json),
            (admin, output) => admin.CreatePatAsync(parse.GetRequiredValue(patUser), parse.GetValue(expiration), output, ct)));

        var lockedUser = new Argument<string>("user") { Description = "The locked user: its id or its login name." };
        var unlockUser = new Command("unlock-user", "Unlock a user locked after too many failed checks (appends user.unlocked).")
        {
            lockedUser, json,
        };
        unlockUser.SetAction((parse, ct) => AdminCommands.RunAsync(parse.GetValue(json),
            (admin, output) => admin.UnlockUserAsync(parse.GetRequiredValue(lockedUser), output, ct)));

        var verifyReadModels = new Command("verify-read-models",
            "Replay the event log into a scratch database and compare every read-model table with the live one; exit 1 on any difference.")
        {
            json,
        };
        verifyReadModels.SetAction((parse, ct) => AdminCommands.RunAsync(parse.GetValue(json),
            (admin, output) => admin.VerifyReadModelsAsync(output, ct)));

        var admin = new Command("admin", "create-pat, unlock-user, verify-read-models: administration on the database of this configuration, for scripts and emergencies.")
        {
            createPat, unlockUser, verifyReadModels,
        };

        var root = new RootCommand(
            """
            Gatehouse: a self-hosted identity server that speaks ZITADEL's API.
            Configured by appsettings.json and environment variables (Gatehouse__Port, Database__Provider, …; see the README's
            "Configuration reference"). Exit codes: 0 ok, 1 failure, 2 usage error.
            """)
        {
            start, migrate, admin,
        };
        root.SetAction(_ => ServerCommand.RunAsync());
        return root;
    }
}
