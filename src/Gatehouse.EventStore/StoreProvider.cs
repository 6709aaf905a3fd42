namespace Gatehouse.EventStore;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
