using Gatehouse.Kernel;
using Gatehouse.Login;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Tests.Login;

/// <summary>Section <c>Login</c>: defaults, checks, and its place in the README's configuration reference.</summary>
public sealed class LoginSettingsTests
{
    private static LoginSettings Read(params (string Key, string Value)[] values) =>
        LoginSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void Given_no_settings_when_read_then_the_defaults_are_generous_limits_and_fifteen_minutes()
    {
        var settings = Read();

        Assert.Equal(100, settings.RateLimitPermits);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.RateLimitWindow);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.UnfinishedSignInLifetime);
    }

    [Fact]
    public void Given_wrong_or_unknown_settings_when_read_then_each_is_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(
            ("Login:RateLimitPermits", "-1"), ("Login:RateLimitWindow", "00:00:00"), ("Login:UnfinishedSignInLifetime", "2.00:00:00"), ("Login:Nope", "1")));

        Assert.Equal(4, error.Failures.Count);
        Assert.Contains(error.Failures, f => f.StartsWith("Login:Nope", StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_configuration_reference_lists_every_login_setting_with_its_environment_variable()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Gatehouse.slnx")))
        {
            root = root.Parent!;
        }

        var readme = File.ReadAllText(Path.Combine(root.FullName, "README.md"));
        var reference = readme[readme.IndexOf("### Configuration reference", StringComparison.Ordinal)..];
        foreach (var key in LoginSettings.Keys)
        {
            Assert.Contains($"| `Login:{key}` | `Login__{key}` |", reference, StringComparison.Ordinal);
        }
    }
}
