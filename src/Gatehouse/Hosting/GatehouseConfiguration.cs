using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Crypto;
using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.Notifications;
using Gatehouse.Observability;
using Microsoft.Extensions.Options;

namespace Gatehouse.Hosting;

/// <summary>
/// Reads every setting once, at start, and checks all of them before anything runs: a wrong value stops the server
/// (or command) with one message per problem, each naming its setting, instead of failing at the first request that
/// needs it. Settings not known in Gatehouse's own sections are refused too, since a misspelt name would otherwise
/// be ignored in silence. The README's "Configuration reference" lists every setting read here.
/// </summary>
internal sealed class GatehouseConfiguration
{
    public required GatehouseSettings Settings { get; init; }

    public required InstanceSettings Instance { get; init; }

    /// <summary>The data folder, absolute; it exists once the configuration is read.</summary>
    public required string DataPath { get; init; }

    public required StoreOptions Store { get; init; }

    public required SmtpOptions Smtp { get; init; }

    public required TelemetrySettings Telemetry { get; init; }

    public required LogFormat LogFormat { get; init; }

    public required MasterKey MasterKey { get; init; }

    public required Sessions.OtpEmailSettings OtpEmail { get; init; }

    /// <summary>Set when the port speaks TLS.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <exception cref="ConfigurationException">Lists every problem found.</exception>
    public static GatehouseConfiguration Read(IConfiguration configuration)
    {
        var failures = new List<string>();
        RefuseUnknown(configuration, "Gatehouse", GatehouseSettings.Keys, failures);
        RefuseUnknown(configuration, "Gatehouse:FirstInstance", InstanceSettings.Keys, failures);
        RefuseUnknown(configuration, "Gatehouse:OtpEmail", Sessions.OtpEmailSettings.Keys, failures);
        RefuseUnknown(configuration, "Gatehouse:Outbox", OutboxSettings.Keys, failures);
        RefuseUnknown(configuration, "Database", DatabaseSettings.Keys, failures);
        RefuseUnknown(configuration, SmtpOptions.SectionName, SmtpKeys, failures);
        RefuseUnknown(configuration, "Metrics", TelemetrySettings.MetricsKeys, failures);
        RefuseUnknown(configuration, "Metrics:Prometheus", TelemetrySettings.PrometheusKeys, failures);
        RefuseUnknown(configuration, "Otlp", TelemetrySettings.OtlpKeys, failures);

        var settings = Bind<GatehouseSettings>(configuration, "Gatehouse", failures);
        var instance = Bind<InstanceSettings>(configuration, "Gatehouse:FirstInstance", failures);
        var smtp = Bind<SmtpOptions>(configuration, SmtpOptions.SectionName, failures);
        var otpEmail = Bind<Sessions.OtpEmailSettings>(configuration, "Gatehouse:OtpEmail", failures);
        try
        {
            otpEmail.Validated();
            settings.Outbox.Validated();
        }
        catch (InvalidOperationException e)
        {
            failures.AddRange(e.Message.Split("; "));
        }

        CheckHost(settings, failures);
        CheckInstance(instance, failures);
        try
        {
            smtp.Validated();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }

        var telemetry = TelemetrySettings.Read(configuration, failures);
        var logFormat = LogFormats.Read(configuration, failures);
        var certificate = LoadCertificate(settings, failures);

        var dataPath = "";
        StoreOptions? store = null;
        MasterKey? masterKey = null;
        if (string.IsNullOrWhiteSpace(settings.DataPath))
        {
            failures.Add("Gatehouse:DataPath must not be empty");
        }
        else
        {
            dataPath = Path.GetFullPath(settings.DataPath);
            store = Attempt(failures, () => DatabaseSettings.Read(configuration, dataPath));
            masterKey = LoadMasterKey(configuration, settings, dataPath, failures);
        }

        if (failures.Count > 0 || store is null || masterKey is null)
        {
            certificate?.Dispose();
            throw new ConfigurationException(failures);
        }

        return new GatehouseConfiguration
        {
            Settings = settings,
            Instance = instance,
            DataPath = dataPath,
            Store = store,
            Smtp = smtp,
            Telemetry = telemetry,
            LogFormat = logFormat,
            MasterKey = masterKey,
            OtpEmail = otpEmail,
            Certificate = certificate,
        };
    }

    /// <summary>Every setting Gatehouse reads, by its full name; the README's configuration reference lists each.</summary>
    public static IEnumerable<string> AllSettings =>
        GatehouseSettings.Keys.Where(k => k is not ("FirstInstance" or "OtpEmail" or "Outbox")).Select(k => $"Gatehouse:{k}")
            .Concat(OutboxSettings.Keys.Select(k => $"Gatehouse:Outbox:{k}"))
            .Concat(InstanceSettings.Keys.Select(k => $"Gatehouse:FirstInstance:{k}"))
            .Concat(Sessions.OtpEmailSettings.Keys.Select(k => $"Gatehouse:OtpEmail:{k}"))
            .Concat(DatabaseSettings.Keys.Select(k => $"Database:{k}"))
            .Concat(SmtpKeys.Select(k => $"{SmtpOptions.SectionName}:{k}"))
            .Concat([TelemetrySettings.PrometheusKey])
            .Concat(TelemetrySettings.OtlpKeys.Select(k => $"Otlp:{k}"))
            .Concat([LogFormats.Key]);

    private static readonly string[] SmtpKeys =
    [
        nameof(SmtpOptions.Host), nameof(SmtpOptions.Port), nameof(SmtpOptions.From), nameof(SmtpOptions.User),
        nameof(SmtpOptions.Password), nameof(SmtpOptions.Security), nameof(SmtpOptions.TimeoutSeconds),
    ];

    private static void CheckHost(GatehouseSettings settings, List<string> failures)
    {
        if (settings.Port is < 1 or > 65535)
        {
            failures.Add(Invariant($"Gatehouse:Port must be between 1 and 65535 (got {settings.Port})"));
        }

        if (!IPAddress.TryParse(settings.BindAddress, out _))
        {
            failures.Add($"Gatehouse:BindAddress must be an IP address such as 0.0.0.0, 127.0.0.1 or :: (got \"{settings.BindAddress}\")");
        }

        failures.AddRange(TrustedProxies.Parse(settings.TrustedProxies).Problems);

        if (settings.MaxRequestBodyBytes < 1024)
        {
            failures.Add(Invariant($"Gatehouse:MaxRequestBodyBytes must be at least 1024 (got {settings.MaxRequestBodyBytes})"));
        }

        if (settings.MaxPasswordAttempts < 0)
        {
            failures.Add(Invariant($"Gatehouse:MaxPasswordAttempts must be 0 (no lockout) or more (got {settings.MaxPasswordAttempts})"));
        }

        if (settings.MaxOtpAttempts < 0)
        {
            failures.Add(Invariant($"Gatehouse:MaxOtpAttempts must be 0 (no lockout) or more (got {settings.MaxOtpAttempts})"));
        }

        if (settings.ShutdownTimeoutSeconds is < 0 or > 3600)
        {
            failures.Add(Invariant($"Gatehouse:ShutdownTimeoutSeconds must be between 0 and 3600 (got {settings.ShutdownTimeoutSeconds})"));
        }
    }

    private static void CheckInstance(InstanceSettings instance, List<string> failures)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(instance.InstanceName), instance.InstanceName), (nameof(instance.OrgName), instance.OrgName),
            (nameof(instance.ExternalDomain), instance.ExternalDomain), (nameof(instance.AdminUserName), instance.AdminUserName),
            (nameof(instance.LoginClientUserName), instance.LoginClientUserName),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"Gatehouse:FirstInstance:{name} must not be empty");
            }
        }

        if (instance.PatExpiration is { } expiration && expiration <= DateTimeOffset.UtcNow)
        {
            failures.Add($"Gatehouse:FirstInstance:PatExpiration must be in the future (got {expiration:O})");
        }
    }

    private static X509Certificate2? LoadCertificate(GatehouseSettings settings, List<string> failures)
    {
        var certificate = settings.TlsCertificatePath;
        var key = settings.TlsKeyPath;
        if (string.IsNullOrWhiteSpace(certificate) && string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(certificate) || string.IsNullOrWhiteSpace(key))
        {
            failures.Add("Gatehouse:TlsCertificatePath and Gatehouse:TlsKeyPath must be set together (PEM certificate and PEM private key)");
            return null;
        }

        var missing = false;
        foreach (var (name, path) in new[] { ("TlsCertificatePath", certificate), ("TlsKeyPath", key) })
        {
            if (!File.Exists(path))
            {
                failures.Add($"Gatehouse:{name} points to a missing file: {Path.GetFullPath(path)}");
                missing = true;
            }
        }

        if (missing)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"Gatehouse:TlsCertificatePath and Gatehouse:TlsKeyPath could not be loaded as a PEM certificate and its key: {e.Message}");
            return null;
        }
    }

    private static MasterKey? LoadMasterKey(IConfiguration configuration, GatehouseSettings settings, string dataPath, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(settings.MasterKey) && !string.IsNullOrWhiteSpace(settings.MasterKeyFile))
        {
            failures.Add("Gatehouse:MasterKey and Gatehouse:MasterKeyFile are both set; set only one");
            return null;
        }

        // A key in appsettings.json ends up in the repository or the image sooner or later; the key must come from the
        // environment or from a file kept beside the data (a mounted secret, a systemd credential).
        if (configuration is IConfigurationRoot root
            && root.Providers.Any(p => p is FileConfigurationProvider && p.TryGet("Gatehouse:MasterKey", out var value) && !string.IsNullOrEmpty(value)))
        {
            failures.Add("Gatehouse:MasterKey must not be written in a configuration file: set the environment variable Gatehouse__MasterKey or point Gatehouse:MasterKeyFile at a file");
            return null;
        }

        return Attempt(failures, () =>
        {
            Storage.OwnerOnlyFiles.CreateDirectory(dataPath);
            return MasterKey.Load(settings.MasterKey, settings.MasterKeyFile, dataPath);
        }, $"Gatehouse:DataPath ({dataPath})");
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> failures)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the setting and the value: "Failed to convert configuration value 'x' at
            // 'Gatehouse:Port' to type 'System.Int32'."
            failures.Add(e.Message.TrimEnd('.'));
            return new T();
        }
    }

    private static void RefuseUnknown(IConfiguration configuration, string section, string[] known, List<string> failures)
    {
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{section}:{child.Key} is not a setting Gatehouse knows (known in {section}: {string.Join(", ", known)})");
            }
        }
    }

    private static T? Attempt<T>(List<string> failures, Func<T> read, string? ioContext = null)
        where T : class
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message.TrimEnd('.'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{ioContext ?? "A file"} could not be used: {e.Message}");
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
