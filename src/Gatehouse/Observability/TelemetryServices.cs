using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Gatehouse.Notifications;

namespace Gatehouse.Observability;

/// <summary>
/// OpenTelemetry, switched on only by configuration: Prometheus scrapes <c>/metrics</c>; an OTLP endpoint receives
/// metrics and traces. Without either, nothing listens to the <see cref="GatehouseTelemetry"/> instruments.
/// </summary>
internal static class TelemetryServices
{
    public const string ScrapePath = "/metrics";

    public static IServiceCollection AddGatehouseTelemetry(this IServiceCollection services, TelemetrySettings settings)
    {
        // The outbox depth sampler (Notifications) reads this to stay idle when no exporter would read its values.
        services.AddSingleton(settings);
        if (!settings.MetricsExported)
        {
            return services;
        }

        var version = typeof(TelemetryServices).Assembly.GetName().Version?.ToString();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gatehouse", serviceVersion: version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatehouseTelemetry.Name).AddAspNetCoreInstrumentation();
                if (settings.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (settings.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(options => Configure(options, endpoint, settings.OtlpProtocol, "v1/metrics"));
                }
            });

        if (settings.OtlpEndpoint is { } traceEndpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatehouseTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
                .AddOtlpExporter(options => Configure(options, traceEndpoint, settings.OtlpProtocol, "v1/traces")));
        }

        return services;
    }

    public static WebApplication MapGatehouseTelemetry(this WebApplication app, TelemetrySettings settings)
    {
        if (settings.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint(ScrapePath);
        }

        return app;
    }

    // Probes and scrapes every few seconds would drown the traces of real calls.
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(ScrapePath, StringComparison.Ordinal) || path.StartsWithSegments("/debug", StringComparison.Ordinal);

    private static void Configure(OtlpExporterOptions options, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        options.Protocol = protocol;

        // Over HTTP each signal has its own path; the exporter appends it only to endpoints read from OTEL_* variables.
        options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
