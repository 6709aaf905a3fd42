using System.Data.Common;

namespace Gatehouse.EventStore;

internal sealed class Migrator(StorageDialect dialect, TimeProvider timeProvider)
{
    // Not a migration itself: it records the migrations, so it has to exist first.
    const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            module TEXT NOT NULL,
            version INTEGER NOT NULL,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL,
            PRIMARY KEY (module, version)
        )
        """;

    const string SelectApplied = "SELECT module, version, name FROM schema_migrations ORDER BY module, version";

    const string SelectOneApplied = "SELECT COUNT(*) FROM schema_migrations WHERE module = @module AND version = @version";

    const string InsertApplied = """
        INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (@module, @version, @name, @applied_at)
        """;

    public async Task MigrateAsync(IEnumerable<Migration> appMigrations, CancellationToken cancellationToken)
    {
        var migrations = Plan(appMigrations);
        try
        {
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            await dialect.LockMigrationsAsync(connection, cancellationToken);
            try
            {
                await using (var write = await dialect.BeginWriteAsync(connection, cancellationToken))
                {
                    await using var create = connection.Command(CreateHistory, write.Transaction);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    await write.CommitAsync();
                }

                var applied = await ReadAppliedAsync(connection, cancellationToken);
                RefuseUnknown(applied, migrations);
                var appliedKeys = applied.Select(a => (a.Module, a.Version)).ToHashSet();
                foreach (var migration in migrations.Where(m => !appliedKeys.Contains((m.Module, m.Version))))
                {
                    await ApplyAsync(connection, migration, cancellationToken);
                }
            }
            finally
            {
                await dialect.UnlockMigrationsAsync(connection);
            }
        }
        catch (DbException e) when (dialect.IsUnavailable(e))
        {
            throw dialect.Unavailable(e);
        }
    }

    /// <summary>The store's migrations first, then the app's: module by module in the order given, each by version.</summary>
    static List<Migration> Plan(IEnumerable<Migration> appMigrations)
    {
        ArgumentNullException.ThrowIfNull(appMigrations);
        var app = appMigrations.ToList();
        foreach (var migration in app)
        {
            ArgumentNullException.ThrowIfNull(migration, nameof(appMigrations));
            if (string.IsNullOrWhiteSpace(migration.Module) || string.IsNullOrWhiteSpace(migration.Name) || string.IsNullOrWhiteSpace(migration.Sql))
            {
                throw new ArgumentException($"Migration {migration.Module}/{migration.Version} needs a module, a name and SQL.", nameof(appMigrations));
            }

            if (migration.Module == EventStoreMigrations.Module)
            {
                throw new ArgumentException($"The module name '{EventStoreMigrations.Module}' is the event store's own.", nameof(appMigrations));
            }

            if (migration.Version < 1)
            {
                throw new ArgumentException($"Migration {migration.Module}/{migration.Version}: versions count from 1.", nameof(appMigrations));
            }
        }

        if (app.GroupBy(m => (m.Module, m.Version)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Migration {duplicate.Key.Module}/{duplicate.Key.Version} is given twice.", nameof(appMigrations));
        }

        return [.. EventStoreMigrations.All, .. app.GroupBy(m => m.Module, StringComparer.Ordinal).SelectMany(g => g.OrderBy(m => m.Version))];
    }

    static async Task<List<(string Module, int Version, string Name)>> ReadAppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var applied = new List<(string, int, string)>();
        await using var command = connection.Command(SelectApplied);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return applied;
    }

    // A binary must not run on a schema it does not know: an older version would write rows that the newer schema's
    // readers misread, and its own queries might fail half-way through a request.
    static void RefuseUnknown(List<(string Module, int Version, string Name)> applied, List<Migration> known)
    {
        var knownKeys = known.Select(m => (m.Module, m.Version)).ToHashSet();
        var unknown = applied.Where(a => !knownKeys.Contains((a.Module, a.Version))).ToList();
        if (unknown.Count > 0)
        {
            var list = string.Join(", ", unknown.Select(u => $"{u.Module}/{u.Version} '{u.Name}'"));
            throw new InvalidOperationException(
                $"The database schema is newer than this version of Gatehouse: it has migrations this version does not know ({list}). " +
                "Run the Gatehouse version that applied them, or restore a backup taken before the upgrade.");
        }
    }

    async Task ApplyAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var write = await dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;

        // Another process may have applied it since we read the history (on SQLite nothing else keeps them apart).
        await using (var check = connection.Command(SelectOneApplied, transaction))
        {
            check.AddParameter("module", migration.Module);
            check.AddParameter("version", migration.Version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }
        }

        try
        {
            await using var change = connection.Command(dialect.ExpandPlaceholders(migration.Sql), transaction);
            await change.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (!dialect.IsUnavailable(e))
        {
            throw new InvalidOperationException($"Migration {migration.Module}/{migration.Version} '{migration.Name}' failed: {e.Message}", e);
        }

        await using (var record = connection.Command(InsertApplied, transaction))
        {
            record.AddParameter("module", migration.Module);
            record.AddParameter("version", migration.Version);
            record.AddParameter("name", migration.Name);
            record.AddParameter("applied_at", UnixMicroseconds.From(timeProvider.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await write.CommitAsync();
    }
}
