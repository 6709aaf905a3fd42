using Gatehouse.Kernel;

namespace Gatehouse.Hosting;

/// <summary>
/// The first start (<see cref="FirstStart"/>): it writes an instance with its first users, so it sits above both
/// Instance/ and Users/ and neither has to know the other's events (docs/architecture.md). Its settings stay with
/// the instance (<c>Gatehouse:FirstInstance</c>).
/// </summary>
internal sealed class FirstStartModule : GatehouseModule
{
    public override void AddServer(IServiceCollection services, HostContext host) => services.AddSingleton<FirstStart>();

    public override Task SetUpAsync(IServiceProvider services, HostContext host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        return services.GetRequiredService<FirstStart>().RunAsync(host.DataPath, ct);
    }
}
