using Gatehouse.Notifications;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gatehouse.Tests.Notifications;

public sealed class SmtpOptionsTests
{
    private static SmtpOptions Valid() => new() { Host = "smtp.example.com", From = "noreply@example.com" };

    private static string FailureOf(SmtpOptions options) => Assert.Throws<OptionsValidationException>(() => options.Validated()).Message;

    [Fact]
    public void An_unknown_security_value_is_rejected_with_the_allowed_values()
    {
        var options = Valid();
        options.Security = "ssl";

        Assert.Equal("Smtp:Security must be one of none, starttls, tls (got \"ssl\")", FailureOf(options));
    }

    [Fact]
    public void A_host_without_a_from_address_is_rejected()
    {
        var options = Valid();
        options.From = null;

        Assert.Equal("Smtp:From is required when Smtp:Host is set", FailureOf(options));
    }

    [Fact]
    public void A_from_address_without_a_domain_is_rejected()
    {
        var options = Valid();
        options.From = "noreply";

        Assert.Equal("Smtp:From must be an email address, optionally as \"Name <address>\" (got \"noreply\")", FailureOf(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-25)]
    public void A_port_out_of_range_is_rejected(int port)
    {
        var options = Valid();
        options.Port = port;

        Assert.Equal($"Smtp:Port must be between 1 and 65535 (got {port})", FailureOf(options));
    }

    [Fact]
    public void A_password_without_a_user_is_rejected_because_it_would_never_be_used()
    {
        var options = Valid();
        options.Password = "secret";

        Assert.Equal("Smtp:Password is set but Smtp:User is not", FailureOf(options));
    }

    [Fact]
    public void A_timeout_below_one_second_is_rejected()
    {
        var options = Valid();
        options.TimeoutSeconds = 0;

        Assert.Equal("Smtp:TimeoutSeconds must be at least 1 (got 0)", FailureOf(options));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new SmtpOptions { Host = "smtp.example.com", Security = "x", Port = 0 };

        var failure = Assert.Throws<OptionsValidationException>(() => options.Validated());

        Assert.Equal(3, failure.Failures.Count());
    }

    [Fact]
    public void Without_a_host_no_from_address_is_needed()
    {
        var options = new SmtpOptions();

        Assert.Same(options, options.Validated());
        Assert.Equal("gatehouse@localhost", options.GetFromAddress().Address);
    }

    [Theory]
    [InlineData(null, SecureSocketOptions.StartTls, 587)]
    [InlineData("starttls", SecureSocketOptions.StartTls, 587)]
    [InlineData("STARTTLS", SecureSocketOptions.StartTls, 587)]
    [InlineData("tls", SecureSocketOptions.SslOnConnect, 465)]
    [InlineData("none", SecureSocketOptions.None, 25)]
    public void Security_maps_to_MailKit_options_and_a_default_port(string? security, SecureSocketOptions expected, int port)
    {
        var options = Valid();
        options.Security = security;

        options.Validated();

        Assert.Equal((expected, port), (options.GetSecureSocketOptions(), options.GetPort()));
    }

    [Fact]
    public void An_explicit_port_wins_over_the_default_for_the_security_mode()
    {
        var options = Valid();
        options.Security = "tls";
        options.Port = 2465;

        Assert.Equal(2465, options.Validated().GetPort());
    }

    [Fact]
    public void A_from_with_a_display_name_keeps_both_parts()
    {
        var options = Valid();
        options.From = "Example Sign-in <noreply@example.com>";

        var from = options.Validated().GetFromAddress();

        Assert.Equal(("Example Sign-in", "noreply@example.com"), (from.Name, from.Address));
    }
}
