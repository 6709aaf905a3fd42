using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Machines;

[Collection(SeparateProcesses.Name)]
public sealed class PostgresJwtProfileTests(PostgresServer server) : JwtProfileTests(server);
