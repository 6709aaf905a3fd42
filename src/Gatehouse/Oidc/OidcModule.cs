using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Transport;

namespace Gatehouse.Oidc;

/// <summary>
/// The OpenID Connect provider, its applications and signing keys (section <c>Oidc</c>), and the OIDC v2 service an
/// external login finishes authorization requests with (section <c>Oidc:ExternalLogin</c>).
/// </summary>
internal sealed class OidcModule : GatehouseModule
{
    private OidcSettings oidc = new();
    private ExternalLoginSettings externalLogin = new();

    public override IReadOnlyList<IInlineProjection> Projections => [new OidcAppProjection(), new RefreshTokenRevocations()];

    public override IReadOnlyList<Migration> Migrations => OidcMigrations.All;

    public override IReadOnlyList<ReadModelTable> Tables => [new("oidc_clients", "client_id")];

    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => OidcErrorTexts.All;

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        oidc = settings.Bind<OidcSettings>("Oidc", OidcSettings.Keys);
        settings.Check(() => oidc.Validated());
        externalLogin = settings.Bind<ExternalLoginSettings>(ExternalLoginSettings.Section, ExternalLoginSettings.Keys);
        settings.Check(() => externalLogin.Validated());
    }

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        services.AddGatehouseOidc(oidc, host.Settings, host.MasterKey);
        services.AddSingleton(externalLogin);
        services.AddSingleton<AuthRequests>();
    }

    /// <summary>Loads the signing keys, making the first (or the next, when the newest is due for rotation).</summary>
    public override Task SetUpAsync(IServiceProvider services, HostContext host, CancellationToken ct) =>
        services.GetRequiredService<SigningKeys>().LoadAsync(ct);

    public override void Map(WebApplication app)
    {
        app.MapGatehouseOidc();
        app.MapGatehouseOidcAdmin();
        app.MapGrpcService<OidcApi>();
    }
}
