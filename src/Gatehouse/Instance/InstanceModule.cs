using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Hosting;
using Gatehouse.Transport;

namespace Gatehouse.Instance;

/// <summary>The instance, its organizations and memberships, and the settings of what the first start creates (section <c>Gatehouse:FirstInstance</c>).</summary>
internal sealed class InstanceModule : GatehouseModule
{
    private InstanceSettings instance = new();

    public override IReadOnlyList<IInlineProjection> Projections => [new InstanceProjection()];

    public override IReadOnlyList<ReadModelTable> Tables =>
        [new("orgs", "id"), new("members", "user_id, scope"), new("instances", "id")];

    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => InstanceErrorTexts.All;

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        instance = settings.Bind<InstanceSettings>("Gatehouse:FirstInstance", InstanceSettings.Keys);
        foreach (var problem in instance.Problems(DateTimeOffset.UtcNow))
        {
            settings.Problem(problem);
        }
    }

    public override void AddCore(IServiceCollection services, HostContext host)
    {
        services.AddSingleton(instance);
        services.AddSingleton<OrgQueries>();
    }

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton<OrgResolver>();
    }

    public override void Map(WebApplication app) => app.MapGrpcService<OrgApi>();
}
