using System.Globalization;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Gatehouse.Notifications;

/// <summary>
/// The <c>Smtp</c> configuration section (environment: <c>Smtp__Host</c>, <c>Smtp__Port</c>, <c>Smtp__From</c>,
/// <c>Smtp__User</c>, <c>Smtp__Password</c>, <c>Smtp__Security</c>, <c>Smtp__TimeoutSeconds</c>).
/// Without a host, mail goes to the development sink instead of a server.
/// </summary>
internal sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    private const string DefaultSecurity = "starttls";

    // Used by the dev sink only; an SMTP server needs a From it will accept, so there it is required.
    private static readonly MailboxAddress DevSinkFrom = new("Gatehouse", "gatehouse@localhost");

    public string? Host { get; set; }

    /// <summary>When not given: 587 for starttls, 465 for tls, 25 for none.</summary>
    public int? Port { get; set; }

    /// <summary><c>noreply@example.com</c> or <c>Example &lt;noreply@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Authenticate only when set.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// none, starttls (the default) or tls. Text rather than an enum so a typo is reported with the allowed
    /// values instead of a binder error.
    /// </summary>
    public string? Security { get; set; }

    /// <summary>
    /// Connect and per-command timeout. Whole seconds rather than a TimeSpan because <c>Smtp__Timeout=30</c>
    /// would bind as thirty days.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool HasHost() => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Checks every setting and returns this instance, so it can be validated where it is used.</summary>
    /// <exception cref="OptionsValidationException">Lists every problem, each naming its setting.</exception>
    public SmtpOptions Validated()
    {
        var failures = new List<string>();

        if (TryParseSecurity(Security) is null)
        {
            failures.Add($"{SectionName}:Security must be one of none, starttls, tls (got \"{Security}\")");
        }

        if (Port is < 1 or > 65535)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:Port must be between 1 and 65535 (got {Port})"));
        }

        if (string.IsNullOrWhiteSpace(From))
        {
            if (HasHost())
            {
                failures.Add($"{SectionName}:From is required when {SectionName}:Host is set");
            }
        }
        else if (TryParseFrom(From) is null)
        {
            failures.Add($"{SectionName}:From must be an email address, optionally as \"Name <address>\" (got \"{From}\")");
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(User))
        {
            // Without a user we would silently skip AUTH and the password would never be used.
            failures.Add($"{SectionName}:Password is set but {SectionName}:User is not");
        }

        if (TimeoutSeconds < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:TimeoutSeconds must be at least 1 (got {TimeoutSeconds})"));
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(SmtpOptions), failures);
        }

        return this;
    }

    public SecureSocketOptions GetSecureSocketOptions() =>
        TryParseSecurity(Security) ?? throw new InvalidOperationException("Validate the options before use.");

    public int GetPort() => Port ?? GetSecureSocketOptions() switch
    {
        SecureSocketOptions.SslOnConnect => 465,
        SecureSocketOptions.None => 25,
        _ => 587,
    };

    public MailboxAddress GetFromAddress() =>
        string.IsNullOrWhiteSpace(From)
            ? DevSinkFrom
            : TryParseFrom(From) ?? throw new InvalidOperationException("Validate the options before use.");

    public TimeSpan GetTimeout() => TimeSpan.FromSeconds(TimeoutSeconds);

    // "none" maps to None, never Auto: Auto would upgrade to TLS whenever the server offers it, and "none"
    // promises a plain connection (local relays with self-signed certificates would otherwise fail).
    private static SecureSocketOptions? TryParseSecurity(string? value) => (string.IsNullOrWhiteSpace(value) ? DefaultSecurity : value.Trim()) switch
    {
        var s when s.Equals("none", StringComparison.OrdinalIgnoreCase) => SecureSocketOptions.None,
        var s when s.Equals("starttls", StringComparison.OrdinalIgnoreCase) => SecureSocketOptions.StartTls,
        var s when s.Equals("tls", StringComparison.OrdinalIgnoreCase) => SecureSocketOptions.SslOnConnect,
        _ => null,
    };

    // MimeKit accepts a bare local part ("noreply") as a mailbox; a sender without a domain is not deliverable.
    private static MailboxAddress? TryParseFrom(string value) =>
        MailboxAddress.TryParse(value.Trim(), out var address) && address.Domain.Length > 0 ? address : null;
}
