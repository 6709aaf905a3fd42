using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

public sealed class SqliteOidcProtocolTests(SqliteServer server) : OidcProtocolTests(server);
