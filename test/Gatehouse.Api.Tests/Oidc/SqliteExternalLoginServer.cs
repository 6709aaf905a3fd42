using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

/// <summary>The external-login server on SQLite.</summary>
public sealed class SqliteExternalLoginServer : SharedServer
{
    protected override Task<GatehouseProcess> StartAsync() => GatehouseProcess.StartAsync(ExternalLoginServers.Environment());
}
