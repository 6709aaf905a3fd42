using Gatehouse.Hosting;
using Gatehouse.Kernel;
using Gatehouse.Instance;
using Gatehouse.Settings;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Tests.Settings;

/// <summary>
/// Sections <c>Gatehouse:LoginPolicy</c>, <c>Gatehouse:Branding</c>, <c>Gatehouse:LegalAndSupport</c>: defaults and checks. Their
/// place in the README's configuration reference is checked with every other setting by GatehouseConfigurationTests.
/// </summary>
public sealed class SettingsSectionsTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("gatehouse-settings-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    private SettingsModule Read(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Gatehouse:DataPath"] = data };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return GatehouseConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .Modules.OfType<SettingsModule>().Single();
    }

    private IReadOnlyList<string> Failures(params (string Key, string Value)[] settings) =>
        Assert.Throws<ConfigurationException>(() => Read(settings)).Failures;

    [Fact]
    public void Given_no_settings_the_login_policy_has_zitadels_check_lifetimes_and_does_not_force_mfa()
    {
        var policy = new LoginPolicy();

        Assert.False(policy.ForceMfa);
        Assert.Equal(TimeSpan.FromDays(10), policy.PasswordCheckLifetime);
        Assert.Equal(TimeSpan.FromHours(18), policy.SecondFactorCheckLifetime);
        Assert.Equal(TimeSpan.FromHours(12), policy.MultiFactorCheckLifetime);
        Assert.Equal(TimeSpan.FromDays(30), policy.MfaInitSkipLifetime);
        Assert.Empty(policy.Problems());
        Assert.Empty(new Branding().Problems());
        Assert.Empty(new LegalAndSupport().Problems());
        Read();
    }

    [Theory]
    [InlineData("Gatehouse:LoginPolicy:PasswordCheckLifetime", "00:00:00", "Gatehouse:LoginPolicy:PasswordCheckLifetime must be more than 0 (got 00:00:00)")]
    [InlineData("Gatehouse:LoginPolicy:MfaInitSkipLifetime", "-00:01:00", "Gatehouse:LoginPolicy:MfaInitSkipLifetime must be 0 or more (got -00:01:00)")]
    [InlineData("Gatehouse:LoginPolicy:DefaultRedirectUri", "/console", "Gatehouse:LoginPolicy:DefaultRedirectUri must be an absolute http or https URL (got '/console')")]
    [InlineData("Gatehouse:Branding:PrimaryColor", "blue", "Gatehouse:Branding:PrimaryColor must be a hex colour such as #5469d4 (got 'blue')")]
    [InlineData("Gatehouse:Branding:LogoUrl", "javascript:alert(1)", "Gatehouse:Branding:LogoUrl must be an absolute http or https URL (got 'javascript:alert(1)')")]
    [InlineData("Gatehouse:Branding:ThemeMode", "dark", "Gatehouse:Branding:ThemeMode must be Auto, Light or Dark (got 'dark')")]
    [InlineData("Gatehouse:LegalAndSupport:TosLink", "javascript:alert(1)", "Gatehouse:LegalAndSupport:TosLink must be an absolute http or https URL (got 'javascript:alert(1)')")]
    [InlineData("Gatehouse:LegalAndSupport:SupportEmail", "help", "Gatehouse:LegalAndSupport:SupportEmail must be an email address (got 'help')")]
    [InlineData("Gatehouse:Branding:Colour", "#fff", "Gatehouse:Branding:Colour is not a setting Gatehouse knows")]
    public void A_wrong_setting_is_refused_by_name(string key, string value, string failure) =>
        Assert.Contains(Failures((key, value)), f => f.StartsWith(failure, StringComparison.Ordinal));

    [Fact]
    public void Good_values_are_read()
    {
        var module = Read(("Gatehouse:LoginPolicy:ForceMfa", "true"), ("Gatehouse:Branding:PrimaryColor", "#112233"),
            ("Gatehouse:Branding:ThemeMode", "Dark"), ("Gatehouse:LegalAndSupport:HelpLink", "https://help.example.com"));

        Assert.NotNull(module);
    }
}
