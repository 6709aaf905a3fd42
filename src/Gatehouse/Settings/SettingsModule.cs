using Gatehouse.Instance;
using Gatehouse.Kernel;

namespace Gatehouse.Settings;

/// <summary>
/// Settings v2, read-only (sections <c>Gatehouse:LoginPolicy</c>, <c>Gatehouse:Branding</c>,
/// <c>Gatehouse:LegalAndSupport</c>): what a login reads to decide what to offer and how to look.
/// </summary>
internal sealed class SettingsModule : GatehouseModule
{
    private LoginPolicy loginPolicy = new();
    private Branding branding = new();
    private LegalAndSupport legalAndSupport = new();

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        loginPolicy = settings.Bind<LoginPolicy>("Gatehouse:LoginPolicy", LoginPolicy.Keys);
        branding = settings.Bind<Branding>("Gatehouse:Branding", Branding.Keys);
        legalAndSupport = settings.Bind<LegalAndSupport>("Gatehouse:LegalAndSupport", LegalAndSupport.Keys);
        foreach (var problem in loginPolicy.Problems().Concat(branding.Problems()).Concat(legalAndSupport.Problems()))
        {
            settings.Problem(problem);
        }
    }

    public override void AddCore(IServiceCollection services, HostContext host)
    {
        services.AddSingleton(loginPolicy);
        services.AddSingleton(branding);
        services.AddSingleton(legalAndSupport);
    }

    public override void Map(WebApplication app) => app.MapGrpcService<SettingsApi>();
}
