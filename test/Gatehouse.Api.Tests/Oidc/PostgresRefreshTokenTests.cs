using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

[Collection(SeparateProcesses.Name)]
public sealed class PostgresRefreshTokenTests(PostgresServer server) : RefreshTokenTests(server);
