using Gatehouse.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gatehouse.Tests.Notifications;

public sealed class EmailSenderServiceCollectionExtensionsTests
{
    private static IEmailSender Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddEmailSender(configuration, Path.GetTempPath());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IEmailSender>();
    }

    [Fact]
    public void Without_an_smtp_host_mail_goes_to_the_dev_sink()
    {
        Assert.IsType<DevSinkEmailSender>(Resolve([]));
    }

    [Fact]
    public void With_an_smtp_host_mail_goes_through_smtp()
    {
        var sender = Resolve(new() { ["Smtp:Host"] = "smtp.example.com", ["Smtp:From"] = "noreply@example.com" });

        Assert.IsType<SmtpEmailSender>(sender);
    }

    [Fact]
    public void Settings_are_read_from_double_underscore_environment_variables()
    {
        // A prefix of our own keeps this variable away from every other test; the provider strips it, leaving Smtp__Host.
        var prefix = $"GATEHOUSE_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Smtp__Host", "smtp.example.com");
        Environment.SetEnvironmentVariable(prefix + "Smtp__Security", "bogus");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var failure = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddEmailSender(configuration, Path.GetTempPath()));

            Assert.Equal(
                ["Smtp:Security must be one of none, starttls, tls (got \"bogus\")", "Smtp:From is required when Smtp:Host is set"],
                failure.Failures);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Smtp__Host", null);
            Environment.SetEnvironmentVariable(prefix + "Smtp__Security", null);
        }
    }

    [Fact]
    public void An_invalid_smtp_section_stops_registration_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Smtp:Host"] = "smtp.example.com" })
            .Build();

        var failure = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddEmailSender(configuration, Path.GetTempPath()));

        Assert.Equal("Smtp:From is required when Smtp:Host is set", failure.Message);
    }
}
