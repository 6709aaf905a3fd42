using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>A wrong setting stops the real binary before it serves anything, with a message naming the setting.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Gatehouse__Port", "70000", "Gatehouse:Port must be between 1 and 65535 (got 70000)")]
    [InlineData("Database__Provider", "mysql", "Database:Provider must be sqlite or postgres (got \"mysql\")")]
    [InlineData("Gatehouse__MasterKey", "dG9vIHNob3J0", "Gatehouse:MasterKey must be at least 32 bytes")]
    [InlineData("Gatehouse__TlsCertificatePath", "/nonexistent/tls.pem", "Gatehouse:TlsCertificatePath and Gatehouse:TlsKeyPath must be set together")]
    [InlineData("Smtp__Security", "ssl", "Smtp:Security must be one of none, starttls, tls (got \"ssl\")")]
    [InlineData("Metrics__Prometheus__Enabled", "on", "Metrics:Prometheus:Enabled must be true or false (got \"on\")")]
    public async Task A_bad_setting_fails_start_with_exit_code_1_naming_the_setting(string variable, string value, string expected)
    {
        var data = Directory.CreateTempSubdirectory("gatehouse-test-").FullName;
        try
        {
            // Both ways an operator starts it: the default command and "start".
            foreach (string[] args in new[] { Array.Empty<string>(), ["start"] })
            {
                var result = await GatehouseProcess.RunCommandAsync(args, data, new Dictionary<string, string> { [variable] = value });

                Assert.True(result.ExitCode == 1, result.ToString());
                Assert.Contains("gatehouse: the configuration is invalid:", result.Error, StringComparison.Ordinal);
                Assert.Contains($"  - {expected}", result.Error, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(Path.Combine(data, "gatehouse.db")), "nothing is touched before the configuration is valid");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task The_admin_commands_report_a_bad_setting_as_json_when_asked()
    {
        var result = await GatehouseProcess.RunCommandAsync(["migrate", "--json"], environment: new Dictionary<string, string> { ["Gatehouse__Port"] = "0" });

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = System.Text.Json.JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("the configuration is invalid", json.GetProperty("error").GetString());
        Assert.Equal("Gatehouse:Port must be between 1 and 65535 (got 0)", json.GetProperty("details")[0].GetString());
    }
}
