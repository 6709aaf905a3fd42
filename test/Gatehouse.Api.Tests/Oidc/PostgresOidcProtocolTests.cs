using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

[Collection(SeparateProcesses.Name)]
public sealed class PostgresOidcProtocolTests(PostgresServer server) : OidcProtocolTests(server);
