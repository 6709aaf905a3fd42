namespace Gatehouse.EventStore;

/// <summary>
/// Where the event store lives. For SQLite the connection string names a file (<c>Data Source=data/gatehouse.db</c>);
/// its directory is created if missing. Settable properties so that configuration binding can fill them.
/// </summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    public string ConnectionString { get; set; } = "";
}
