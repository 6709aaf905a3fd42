using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

public sealed class PostgresOidcProtocolTests(PostgresServer server) : OidcProtocolTests(server), IClassFixture<PostgresServer>;
