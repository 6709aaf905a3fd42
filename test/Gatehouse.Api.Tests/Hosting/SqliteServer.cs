namespace Gatehouse.Api.Tests.Hosting;

/// <summary>The shared server on the embedded default: SQLite in its data folder.</summary>
public sealed class SqliteServer : SharedServer
{
    protected override Task<GatehouseProcess> StartAsync() => GatehouseProcess.StartAsync();
}
