using Gatehouse.Api.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// A server whose codes, tokens and refresh families live seconds rather than minutes and which sweeps every second,
/// so expiry can be watched on the wire; the test reads the provider's tables directly to see the sweep.
/// </summary>
public abstract class ShortLivedTokenServer : SharedServer
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromSeconds(6);

    protected static Dictionary<string, string> Environment() => new()
    {
        ["Oidc__AuthorizationCodeLifetime"] = CodeLifetime.ToString(),
        ["Oidc__AccessTokenLifetime"] = AccessTokenLifetime.ToString(),
        ["Oidc__RefreshTokenIdleLifetime"] = RefreshLifetime.ToString(),
        ["Oidc__RefreshTokenAbsoluteLifetime"] = RefreshLifetime.ToString(),
        ["Oidc__SweepInterval"] = "00:00:01",
    };

    /// <summary>One number read straight from the server's database.</summary>
    public abstract Task<long> CountAsync(string sql);
}

public sealed class SqliteShortLivedTokenServer : ShortLivedTokenServer
{
    protected override Task<GatehouseProcess> StartAsync() => GatehouseProcess.StartAsync(Environment());

    public override async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Process.DataPath, "gatehouse.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class PostgresShortLivedTokenServer : ShortLivedTokenServer
{
    private TestDatabase? database;

    protected override async Task<GatehouseProcess> StartAsync()
    {
        database = await TestPostgres.CreateDatabaseAsync();
        var environment = Environment();
        foreach (var (key, value) in database.ServerEnvironment())
        {
            environment[key] = value;
        }

        return await GatehouseProcess.StartAsync(environment);
    }

    public override Task<long> CountAsync(string sql) => database!.CountAsync(sql);

    protected override async ValueTask CleanUpAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
