using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Hosting;
using Gatehouse.Observability;
using Gatehouse.Users;
using Gatehouse.Transport;

namespace Gatehouse.Cli;

/// <summary>
/// <c>migrate</c>, <c>admin create-pat</c> and <c>admin unlock-user</c>: the same configuration, database and
/// decisions as the server, without its port or background work. Writes go through the event log like any API
/// call (creator <c>SYSTEM</c>), so a running server sees them at once.
/// </summary>
internal sealed class AdminCommands(
    EventStoreDatabase database,
    CommandRunner commands,
    UserQueries users,
    SecretHasher hasher,
    IdGenerator ids,
    GatehouseConfiguration configuration,
    ErrorTexts texts,
    TimeProvider time)
{
    private const string Creator = "SYSTEM";

    public static async Task<int> RunAsync(bool json, Func<AdminCommands, CommandOutput, Task<int>> work)
    {
        var output = new CommandOutput(json);
        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            var configuration = GatehouseConfiguration.Read(builder.Configuration);
            builder.Logging.UseGatehouseConsole(builder.Configuration, toStandardError: true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddGatehouseCore(configuration);
            builder.Services.AddSingleton<AdminCommands>();
            app = builder.Build();
        }
        catch (ConfigurationException e)
        {
            output.Error("the configuration is invalid", e.Failures);
            return ExitCodes.Failure;
        }

        await using (app)
        {
            try
            {
                var commands = app.Services.GetRequiredService<AdminCommands>();
                try
                {
                    return await work(commands, output);
                }
                catch (DomainException e)
                {
                    output.Error(commands.Describe(e.Error));
                    return ExitCodes.Failure;
                }
            }
            catch (StoreUnavailableException e)
            {
                output.Error($"the database is unavailable: {e.Message}");
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // A failed migration or a schema newer than this binary; their messages say what to do.
                output.Error(e.Message);
            }

            return ExitCodes.Failure;
        }
    }

    public async Task<int> MigrateAsync(CommandOutput output, CancellationToken ct)
    {
        await database.MigrateAsync(configuration.ReadModels.Migrations, ct);
        var provider = database.Provider == StoreProvider.Postgres ? "postgres" : "sqlite";
        output.Result($"The database ({provider}) is up to date.", new JsonObject { ["migrated"] = true, ["provider"] = provider });
        return ExitCodes.Ok;
    }

    public async Task<int> CreatePatAsync(string user, DateTimeOffset? expiration, CommandOutput output, CancellationToken ct)
    {
        if (await FindUserAsync(user, output, ct) is not { } target)
        {
            return ExitCodes.Failure;
        }

        var token = TokenGenerator.NewToken();
        var tokenId = ids.NewId();
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, target.Id, new CommandContext(Creator, target.OrgId),
            state => AddPersonalAccessToken.Decide(state, target.Id, tokenId, hasher.Hash(AccessTokens.TokenPurpose, token), expiration, now),
            ct);
        output.Result(token, new JsonObject
        {
            ["userId"] = target.Id,
            ["userName"] = target.UserName,
            ["tokenId"] = tokenId,
            ["token"] = token,
            ["creationDate"] = Timestamp(outcome.Details.EventDate),
            ["expirationDate"] = Timestamp(expiration ?? AddPersonalAccessToken.NoExpiry),
        });
        return ExitCodes.Ok;
    }

    public async Task<int> VerifyReadModelsAsync(CommandOutput output, CancellationToken ct)
    {
        var verifier = new ReadModelVerifier(database.Store, database.ReadModels, configuration.ReadModels);
        var differences = await verifier.VerifyAsync(ct);
        if (differences.Count > 0)
        {
            output.Error($"{differences.Count} read-model rows differ from a rebuild of the event log", [.. differences.Take(50)]);
            return ExitCodes.Failure;
        }

        output.Result("The read models equal a rebuild from the event log.", new JsonObject { ["differences"] = 0 });
        return ExitCodes.Ok;
    }

    public async Task<int> UnlockUserAsync(string user, CommandOutput output, CancellationToken ct)
    {
        if (await FindUserAsync(user, output, ct) is not { } target)
        {
            return ExitCodes.Failure;
        }

        var outcome = await commands.RunAsync(UserEvents.Aggregate, target.Id, new CommandContext(Creator, target.OrgId),
            state => UnlockUser.Decide(state, target.Id), ct);
        output.Result($"User {target.Id} ({target.UserName}) is unlocked.", new JsonObject
        {
            ["userId"] = target.Id,
            ["userName"] = target.UserName,
            ["sequence"] = outcome.Details.Sequence,
            ["changeDate"] = Timestamp(outcome.Details.EventDate),
        });
        return ExitCodes.Ok;
    }

    /// <summary>By id first, then by login name; a missing schema gets a hint instead of an SQL error.</summary>
    private async Task<UserRow?> FindUserAsync(string idOrName, CommandOutput output, CancellationToken ct)
    {
        try
        {
            await database.ReadModels.QueryAsync("SELECT COUNT(*) FROM schema_migrations", r => r.GetInt64(0), ct);
        }
        catch (DbException)
        {
            output.Error("the database has no Gatehouse schema yet: run 'gatehouse migrate' (or start the server) first");
            return null;
        }

        var row = await users.GetAsync(idOrName, ct);
        if (row is null && await users.FindByLoginNameAsync(idOrName, ct) is { } id)
        {
            row = await users.GetAsync(id, ct);
        }

        if (row is null || row.State == UserStates.Deleted)
        {
            output.Error($"no user has the id or login name \"{idOrName}\"");
            return null;
        }

        return row;
    }

    private string Describe(DomainError error)
    {
        var text = ErrorMapping.TextOf(error, texts, "en");
        return error.Id.Length > 0 ? $"{text} ({error.Id})" : text;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
