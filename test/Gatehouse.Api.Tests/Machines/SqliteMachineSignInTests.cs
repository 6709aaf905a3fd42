using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Machines;

public sealed class SqliteMachineSignInTests(SqliteServer server) : MachineSignInTests(server);
