using OpenTelemetry.Exporter;

namespace Gatehouse.Observability;

/// <summary>
/// Sections <c>Metrics</c> and <c>Otlp</c>: <c>Metrics__Prometheus__Enabled=true</c> serves <c>/metrics</c>;
/// <c>Otlp__Endpoint</c> (with <c>Otlp__Protocol</c> grpc or http/protobuf) exports metrics and traces.
/// </summary>
internal sealed record TelemetrySettings(bool PrometheusEnabled, Uri? OtlpEndpoint, OtlpExportProtocol OtlpProtocol)
{
    public const string PrometheusKey = "Metrics:Prometheus:Enabled";
    public const string EndpointKey = "Otlp:Endpoint";
    public const string ProtocolKey = "Otlp:Protocol";

    public static readonly string[] MetricsKeys = ["Prometheus"];
    public static readonly string[] PrometheusKeys = ["Enabled"];
    public static readonly string[] OtlpKeys = ["Endpoint", "Protocol"];

    public bool MetricsExported => PrometheusEnabled || OtlpEndpoint is not null;

    public static TelemetrySettings Read(IConfiguration configuration, List<string> failures)
    {
        var prometheus = false;
        if (configuration[PrometheusKey] is { Length: > 0 } enabled && !bool.TryParse(enabled, out prometheus))
        {
            failures.Add($"{PrometheusKey} must be true or false (got \"{enabled}\")");
        }

        Uri? endpoint = null;
        if (configuration[EndpointKey] is { Length: > 0 } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                endpoint = uri;
            }
            else
            {
                failures.Add($"{EndpointKey} must be an http:// or https:// URL such as http://collector:4317 (got \"{text}\")");
            }
        }

        var protocol = OtlpExportProtocol.Grpc;
        switch (configuration[ProtocolKey]?.Trim().ToLowerInvariant())
        {
            case null or "" or "grpc":
                break;
            case "http/protobuf" or "http":
                protocol = OtlpExportProtocol.HttpProtobuf;
                break;
            case var other:
                failures.Add($"{ProtocolKey} must be grpc or http/protobuf (got \"{other}\")");
                break;
        }

        return new TelemetrySettings(prometheus, endpoint, protocol);
    }
}
