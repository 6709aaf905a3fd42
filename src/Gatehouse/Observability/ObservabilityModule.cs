using Gatehouse.Kernel;

namespace Gatehouse.Observability;

/// <summary>Metrics and traces (sections <c>Metrics</c> and <c>Otlp</c>), switched on only by configuration.</summary>
internal sealed class ObservabilityModule : GatehouseModule
{
    public TelemetrySettings Telemetry { get; private set; } = new(false, null, OpenTelemetry.Exporter.OtlpExportProtocol.Grpc);

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Declare("Metrics", []);
        settings.Declare("Metrics:Prometheus", TelemetrySettings.PrometheusKeys);
        settings.Declare("Otlp", TelemetrySettings.OtlpKeys);
        var problems = new List<string>();
        Telemetry = TelemetrySettings.Read(settings.Configuration, problems);
        problems.ForEach(settings.Problem);
    }

    public override void AddServer(IServiceCollection services, HostContext host) => services.AddGatehouseTelemetry(Telemetry);

    public override void Map(WebApplication app) => app.MapGatehouseTelemetry(Telemetry);
}
