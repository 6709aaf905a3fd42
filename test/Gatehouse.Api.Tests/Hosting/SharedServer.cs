[assembly: AssemblyFixture(typeof(Gatehouse.Api.Tests.Hosting.SharedServer))]

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// One server for the tests that do not need their own: each test creates its own users, so tests stay independent
/// while the suite avoids a process start per test.
/// </summary>
public sealed class SharedServer : IGatehouseServer, IAsyncLifetime
{
    private GatehouseProcess? process;

    public GatehouseProcess Process => process ?? throw new InvalidOperationException("Not started.");

    public ApiClients Clients { get; private set; } = null!;

    public Accounts Accounts { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        process = await GatehouseProcess.StartAsync();
        Clients = new ApiClients(process.BaseAddress);
        Accounts = new Accounts(Clients, process);
    }

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
            process.DeleteData();
        }
    }
}
