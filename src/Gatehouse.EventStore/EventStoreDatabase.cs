using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// The app's handle on its database: the event store, the data source for read-model queries and the migrations.
/// Create one per process and dispose it at shutdown.
/// </summary>
public sealed class EventStoreDatabase : IAsyncDisposable
{
    readonly StorageDialect dialect;
    readonly Migrator migrator;
    readonly SqlEventStore store;

    public EventStoreDatabase(StoreOptions options, IEnumerable<IInlineProjection> projections, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(projections);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("The event store needs a connection string.", nameof(options));
        }

        dialect = options.Provider switch
        {
            StoreProvider.Sqlite => new SqliteDialect(options.ConnectionString),
            StoreProvider.Postgres => new PostgresDialect(options.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown store provider."),
        };
        store = new SqlEventStore(dialect, [.. projections], timeProvider);
        migrator = new Migrator(dialect, timeProvider);
        Outbox = new SqlOutbox(dialect, timeProvider);
        ReadModels = new SqlReadModels(dialect);
    }

    public StoreProvider Provider => dialect.Provider;

    public IEventStore Store => store;

    public IOutbox Outbox { get; }

    /// <summary>Read-model queries, with the store's mapping of an unreachable database.</summary>
    public IReadModels ReadModels { get; }

    /// <summary>
    /// Raw connections configured like the store's own, for tools and tests; the app queries through
    /// <see cref="ReadModels"/>, which maps an outage to <see cref="StoreUnavailableException"/>. On SQLite, open them
    /// with <c>OpenConnectionAsync</c> (not <c>CreateConnection</c> + <c>Open</c>) so that busy_timeout and
    /// synchronous=FULL are set.
    /// </summary>
    public DbDataSource DataSource => dialect.DataSource;

    /// <summary>The position of the last event in the log (0 when it is empty): where a follower of the log starts.</summary>
    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default) => store.ReadHeadPositionAsync(cancellationToken);

    /// <summary>
    /// Brings the schema up to date: the event store's migrations, then <paramref name="appMigrations"/> (module by
    /// module in the order given, each module by version). Safe to run on every start and from several processes at
    /// once. Refuses to run against a database that has migrations this binary does not know (a newer schema).
    /// </summary>
    public Task MigrateAsync(IEnumerable<Migration> appMigrations, CancellationToken cancellationToken = default) =>
        migrator.MigrateAsync(appMigrations, cancellationToken);

    public ValueTask DisposeAsync()
    {
        store.Dispose();
        return dialect.DisposeAsync();
    }
}
