using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Crypto;
using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Storage;
using Gatehouse.Observability;

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

    /// <summary>The data folder, absolute; it exists once the configuration is read.</summary>
    public required string DataPath { get; init; }

    public required StoreOptions Store { get; init; }

    public required LogFormat LogFormat { get; init; }

    public required MasterKey MasterKey { get; init; }

    /// <summary>Set when the port speaks TLS.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The capabilities, in the order they register, each holding the settings it read.</summary>
    public required IReadOnlyList<GatehouseModule> Modules { get; init; }

    public HostContext Host => new(Settings, DataPath, MasterKey, Configuration);

    /// <summary>The projections, tables and migrations of every module, with the shared baseline first.</summary>
    public ReadModelSchema ReadModels => new(
        [.. Modules.SelectMany(module => module.Projections)],
        [.. Modules.SelectMany(module => module.Tables)],
        [.. ReadModelMigrations.All, .. Modules.SelectMany(module => module.Migrations)]);

    private IConfiguration Configuration { get; init; } = null!;

    /// <exception cref="ConfigurationException">Lists every problem found.</exception>
    public static GatehouseConfiguration Read(IConfiguration configuration) => Read(configuration, GatehouseModules.Create());

    /// <exception cref="ConfigurationException">Lists every problem found.</exception>
    public static GatehouseConfiguration Read(IConfiguration configuration, IReadOnlyList<GatehouseModule> modules)
    {
        var reader = new SettingsReader(configuration);
        var settings = ReadHost(reader);
        foreach (var module in modules)
        {
            module.ReadSettings(reader);
        }

        reader.RefuseUnknown();
        var failures = reader.Failures.ToList();
        CheckHost(settings, failures);
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
            DataPath = dataPath,
            Store = store,
            LogFormat = logFormat,
            MasterKey = masterKey,
            Certificate = certificate,
            Modules = modules,
            Configuration = configuration,
        };
    }

    /// <summary>Every setting Gatehouse reads, by its full name; the README's configuration reference lists each.</summary>
    public static IEnumerable<string> AllSettings
    {
        get
        {
            var reader = new SettingsReader(new ConfigurationBuilder().Build());
            ReadHost(reader);
            foreach (var module in GatehouseModules.Create())
            {
                module.ReadSettings(reader);
            }

            return reader.AllSettings;
        }
    }

    private static GatehouseSettings ReadHost(SettingsReader reader)
    {
        var settings = reader.Bind<GatehouseSettings>("Gatehouse", GatehouseSettings.Keys);
        reader.Declare("Database", DatabaseSettings.Keys);
        reader.DeclareSingle(LogFormats.Key);
        return settings;
    }

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
