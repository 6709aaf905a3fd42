using Gatehouse.EventStore;

namespace Gatehouse.Hosting;

/// <summary>
/// Section <c>Database</c>: <c>Database__Provider</c> = sqlite (default) | postgres, <c>Database__ConnectionString</c>.
/// Without a connection string SQLite uses <c>&lt;DataPath&gt;/gatehouse.db</c>.
/// </summary>
internal static class DatabaseSettings
{
    public static readonly string[] Keys = ["Provider", "ConnectionString"];

    public static StoreOptions Read(IConfiguration configuration, string dataPath)
    {
        var section = configuration.GetSection("Database");
        var providerText = section["Provider"] ?? "sqlite";
        var provider = providerText.ToLowerInvariant() switch
        {
            "sqlite" => StoreProvider.Sqlite,
            "postgres" or "postgresql" => StoreProvider.Postgres,
            _ => throw new InvalidOperationException($"Database:Provider must be sqlite or postgres (got \"{providerText}\")."),
        };
        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == StoreProvider.Sqlite
                ? $"Data Source={Path.Combine(dataPath, "gatehouse.db")}"
                : throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is postgres.");
        }

        return new StoreOptions { Provider = provider, ConnectionString = connectionString };
    }
}
