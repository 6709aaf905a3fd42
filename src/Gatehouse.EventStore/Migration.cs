namespace Gatehouse.EventStore;

/// <summary>
/// One versioned schema change of a module (<c>eventstore</c> is the store's own; the app uses <c>gatehouse</c>).
/// Versions count from 1 per module and are applied in order, each in its own transaction, exactly once.
/// <paramref name="Sql"/> must run on both SQLite and PostgreSQL; two placeholders cover where they differ:
/// <c>{identity}</c> is an auto-incrementing BIGINT primary key column (type and constraint) and <c>{bytes}</c>
/// is a binary column type (BLOB / BYTEA).
/// </summary>
public sealed record Migration(string Module, int Version, string Name, string Sql);
