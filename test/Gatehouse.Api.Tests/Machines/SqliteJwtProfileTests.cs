using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Machines;

public sealed class SqliteJwtProfileTests(SqliteServer server) : JwtProfileTests(server);
