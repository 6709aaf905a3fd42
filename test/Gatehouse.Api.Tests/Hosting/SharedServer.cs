[assembly: AssemblyFixture(typeof(Gatehouse.Api.Tests.Hosting.SqliteServer))]
[assembly: AssemblyFixture(typeof(Gatehouse.Api.Tests.Hosting.PostgresServer))]

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// One server per backend for the tests that do not need their own: each test creates its own users, so tests stay
/// independent while the suite avoids a process start per test. A test class runs on both backends by taking this
/// type in an abstract base and deriving one tiny class per backend.
/// </summary>
public abstract class SharedServer : IGatehouseServer, IAsyncLifetime
{
    private GatehouseProcess? process;
    private ApiClients? clients;
    private Accounts? accounts;
    private Exception? failure;

    public GatehouseProcess Process => process ?? throw Failed();

    public ApiClients Clients => clients ?? throw Failed();

    public Accounts Accounts => accounts ?? throw Failed();

    public async ValueTask InitializeAsync()
    {
        try
        {
            process = await StartAsync();
            clients = new ApiClients(process.BaseAddress);
            accounts = new Accounts(clients, process);
        }
        catch (Exception e)
        {
            // Kept for the tests of this backend to fail with, instead of failing the other backend's tests too.
            failure = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        clients?.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
            process.DeleteData();
        }

        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<GatehouseProcess> StartAsync();

    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    private InvalidOperationException Failed() =>
        new($"The {GetType().Name} did not start: {failure?.Message}", failure);
}
