using Gatehouse.Api.Tests.Hosting;
using Gatehouse.Api.Tests.Oidc;

namespace Gatehouse.Api.Tests.Login;

/// <summary>
/// A server whose login policy forces a second factor, with an external login configured so that CreateCallback can
/// be tried too; the hosted login's pages answer on it all the same.
/// </summary>
public static class ForceMfaServers
{
    public static Dictionary<string, string> Environment()
    {
        var environment = ExternalLoginServers.Environment();
        environment["Gatehouse__LoginPolicy__ForceMfa"] = "true";
        return environment;
    }
}

/// <summary>The forceMfa server on SQLite.</summary>
public sealed class SqliteForceMfaServer : SharedServer
{
    protected override Task<GatehouseProcess> StartAsync() => GatehouseProcess.StartAsync(ForceMfaServers.Environment());
}

/// <summary>The forceMfa server on a fresh PostgreSQL database of its own, dropped afterwards.</summary>
public sealed class PostgresForceMfaServer : PostgresExternalLoginServer
{
    protected override Dictionary<string, string> Environment() => ForceMfaServers.Environment();
}
