using Gatehouse.Hosting;
using Gatehouse.Kernel;
using Gatehouse.Observability;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Tests.Hosting;

/// <summary>Every wrong setting is reported by name, all at once, before anything starts.</summary>
public sealed class GatehouseConfigurationTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("gatehouse-config-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    private GatehouseConfiguration Read(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Gatehouse:DataPath"] = data };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return GatehouseConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    private IReadOnlyList<string> Failures(params (string Key, string Value)[] settings) =>
        Assert.Throws<ConfigurationException>(() => Read(settings)).Failures;

    [Fact]
    public void The_defaults_are_valid_and_create_the_data_folder_with_a_master_key()
    {
        var configuration = Read();

        Assert.Equal(8080, configuration.Settings.Port);
        Assert.Equal(Path.GetFullPath(data), configuration.DataPath);
        Assert.True(File.Exists(Path.Combine(data, "master.key")));
        Assert.Null(configuration.Certificate);
        Assert.False(configuration.Modules.OfType<ObservabilityModule>().Single().Telemetry.MetricsExported);
    }

    [Theory]
    [InlineData("Gatehouse:Port", "70000", "Gatehouse:Port must be between 1 and 65535 (got 70000)")]
    [InlineData("Gatehouse:Port", "http", "Failed to convert configuration value 'http' at 'Gatehouse:Port' to type 'System.Int32'")]
    [InlineData("Gatehouse:BindAddress", "localhost", "Gatehouse:BindAddress must be an IP address such as 0.0.0.0, 127.0.0.1 or :: (got \"localhost\")")]
    [InlineData("Gatehouse:MaxRequestBodyBytes", "10", "Gatehouse:MaxRequestBodyBytes must be at least 1024 (got 10)")]
    [InlineData("Gatehouse:MaxPasswordAttempts", "-1", "Gatehouse:MaxPasswordAttempts must be 0 (no lockout) or more (got -1)")]
    [InlineData("Gatehouse:ShutdownTimeoutSeconds", "-5", "Gatehouse:ShutdownTimeoutSeconds must be between 0 and 3600 (got -5)")]
    [InlineData("Gatehouse:Prot", "8081", "Gatehouse:Prot is not a setting Gatehouse knows")]
    [InlineData("Gatehouse:FirstInstance:OrgName", " ", "Gatehouse:FirstInstance:OrgName must not be empty")]
    [InlineData("Database:Provider", "mysql", "Database:Provider must be sqlite or postgres (got \"mysql\")")]
    [InlineData("Database:Provider", "postgres", "Database:ConnectionString is required when Database:Provider is postgres")]
    [InlineData("Gatehouse:MasterKey", "c2hvcnQ=", "Gatehouse:MasterKey must be at least 32 bytes (base64 encoded)")]
    [InlineData("Gatehouse:MasterKey", "not base64!", "Gatehouse:MasterKey is not valid base64")]
    [InlineData("Gatehouse:MasterKeyFile", "/nonexistent/master.key", "Gatehouse:MasterKeyFile points to a missing file: /nonexistent/master.key")]
    [InlineData("Gatehouse:TlsCertificatePath", "/nonexistent/cert.pem", "Gatehouse:TlsCertificatePath and Gatehouse:TlsKeyPath must be set together")]
    [InlineData("Smtp:Security", "ssl", "Smtp:Security must be one of none, starttls, tls (got \"ssl\")")]
    [InlineData("Smtp:Host", "mail.example.com", "Smtp:From is required when Smtp:Host is set")]
    [InlineData("Metrics:Prometheus:Enabled", "yes", "Metrics:Prometheus:Enabled must be true or false (got \"yes\")")]
    [InlineData("Otlp:Endpoint", "collector:4317", "Otlp:Endpoint must be an http:// or https:// URL")]
    [InlineData("Otlp:Protocol", "udp", "Otlp:Protocol must be grpc or http/protobuf (got \"udp\")")]
    [InlineData("Logging:Format", "xml", "Logging:Format must be text or json (got \"xml\")")]
    public void A_wrong_value_is_reported_with_its_setting(string key, string value, string expected)
    {
        var failure = Assert.Single(Failures((key, value)));
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_files_that_do_not_exist_are_named()
    {
        var failures = Failures(("Gatehouse:TlsCertificatePath", "/nonexistent/cert.pem"), ("Gatehouse:TlsKeyPath", "/nonexistent/key.pem"));

        Assert.Contains("Gatehouse:TlsCertificatePath points to a missing file: /nonexistent/cert.pem", failures);
        Assert.Contains("Gatehouse:TlsKeyPath points to a missing file: /nonexistent/key.pem", failures);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var failures = Failures(("Gatehouse:Port", "0"), ("Database:Provider", "oracle"), ("Smtp:Port", "99999"));

        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void The_master_key_is_refused_from_a_configuration_file()
    {
        var file = Path.Combine(data, "appsettings.json");
        File.WriteAllText(file, """{"Gatehouse":{"MasterKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}""");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(file)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gatehouse:DataPath"] = data })
            .Build();

        var failure = Assert.Single(Assert.Throws<ConfigurationException>(() => GatehouseConfiguration.Read(configuration)).Failures);
        Assert.StartsWith("Gatehouse:MasterKey must not be written in a configuration file", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_master_key_is_read_from_a_file()
    {
        var keyFile = Path.Combine(data, "secret.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(new byte[32]) + "\n");

        var configuration = Read(("Gatehouse:MasterKeyFile", keyFile));

        Assert.False(File.Exists(Path.Combine(data, "master.key")));
        Assert.Equal(32, configuration.MasterKey.HashingKey.Length);
    }

    [Fact]
    public void The_readme_configuration_reference_lists_every_setting_with_its_environment_variable()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Gatehouse.slnx")))
        {
            root = root.Parent!;
        }

        var readme = File.ReadAllText(Path.Combine(root.FullName, "README.md"));
        var reference = readme[readme.IndexOf("### Configuration reference", StringComparison.Ordinal)..];
        foreach (var setting in GatehouseConfiguration.AllSettings)
        {
            Assert.Contains($"| `{setting}` | `{setting.Replace(":", "__", StringComparison.Ordinal)}` |", reference, StringComparison.Ordinal);
        }
    }
}
