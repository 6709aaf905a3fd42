using Microsoft.Extensions.Logging.Console;

namespace Gatehouse.Observability;

/// <summary>How the console log is written: <c>text</c> (ASP.NET Core's default) or <c>json</c>, one object per line.</summary>
internal enum LogFormat
{
    Text,
    Json,
}

/// <summary>
/// <c>Logging__Format=json</c> switches the console log to JSON lines with scopes, so every line written while a
/// request runs carries its <c>RequestId</c>, <c>RequestPath</c>, <c>TraceId</c> and <c>SpanId</c>. ASP.NET Core's own
/// <c>Logging__Console__FormatterName</c> keeps working when this setting is absent.
/// </summary>
internal static class LogFormats
{
    public const string Key = "Logging:Format";

    public static LogFormat Read(IConfiguration configuration, List<string> failures) =>
        configuration[Key]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "text" => LogFormat.Text,
            "json" => LogFormat.Json,
            var other => Fail(failures, other),
        };

    /// <param name="toStandardError">Commands other than start keep standard output for their result.</param>
    public static void UseGatehouseConsole(this ILoggingBuilder logging, IConfiguration configuration, bool toStandardError)
    {
        var json = Read(configuration, []) == LogFormat.Json;
        logging.HoldSecretCategoriesAtWarning();
        logging.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });

        // PostConfigure: wins over Logging:Console:FormatterName, which a container image may set.
        logging.Services.PostConfigure<ConsoleLoggerOptions>(options =>
        {
            if (json)
            {
                options.FormatterName = ConsoleFormatterNames.Json;
            }

            if (toStandardError)
            {
                options.LogToStandardErrorThreshold = LogLevel.Trace;
            }
        });
    }

    private static LogFormat Fail(List<string> failures, string value)
    {
        failures.Add($"{Key} must be text or json (got \"{value}\")");
        return LogFormat.Text;
    }
}
