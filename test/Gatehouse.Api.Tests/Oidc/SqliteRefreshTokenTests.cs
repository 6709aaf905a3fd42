using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Oidc;

public sealed class SqliteRefreshTokenTests(SqliteServer server) : RefreshTokenTests(server);
