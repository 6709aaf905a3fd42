namespace Gatehouse.OtpEmail;

/// <summary>
/// One-time codes by email, section <c>Gatehouse:OtpEmail</c> (environment <c>Gatehouse__OtpEmail__CodeLength</c>, …).
/// Defaults are ZITADEL's (8 digits, 5 minutes) plus the limits ZITADEL lacks: a cap of wrong guesses per code, a
/// cooldown between mails to one user and a cap of mails per address.
/// </summary>
internal sealed class OtpEmailSettings
{
    public int CodeLength { get; set; } = 8;

    public TimeSpan Expiry { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttemptsPerCode { get; set; } = 5;

    public TimeSpan SendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxSendsPerAddress { get; set; } = 10;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Organizations (ids) whose users may not use OTP Email, for higher assurance: NIST SP 800-63B does not accept
    /// email as an out-of-band authenticator. Their users can neither add the factor nor get codes.
    /// </summary>
    public IReadOnlyList<string> DisallowedOrganizations { get; set; } = [];

    /// <summary>The settings of this section, for the check that refuses misspelt ones.</summary>
    public static readonly string[] Keys =
    [
        nameof(CodeLength), nameof(Expiry), nameof(MaxAttemptsPerCode), nameof(SendCooldown), nameof(MaxSendsPerAddress),
        nameof(AddressWindow), nameof(DisallowedOrganizations),
    ];

    /// <summary>Refuses settings that would weaken the factor below OWASP ASVS 2.7 (length, lifetime) or disable a limit.</summary>
    public OtpEmailSettings Validated()
    {
        var problems = new List<string>();
        if (CodeLength is < 6 or > 12)
        {
            problems.Add($"Gatehouse:OtpEmail:CodeLength must be between 6 and 12 digits (got {CodeLength})");
        }

        if (Expiry <= TimeSpan.Zero || Expiry > TimeSpan.FromMinutes(10))
        {
            problems.Add($"Gatehouse:OtpEmail:Expiry must be more than 0 and at most 10 minutes, as OWASP ASVS 2.7.2 asks (got {Expiry})");
        }

        if (MaxAttemptsPerCode is < 1 or > 10)
        {
            problems.Add($"Gatehouse:OtpEmail:MaxAttemptsPerCode must be between 1 and 10 (got {MaxAttemptsPerCode})");
        }

        if (SendCooldown < TimeSpan.Zero)
        {
            problems.Add($"Gatehouse:OtpEmail:SendCooldown must not be negative (got {SendCooldown})");
        }

        if (MaxSendsPerAddress < 1 || AddressWindow <= TimeSpan.Zero)
        {
            problems.Add("Gatehouse:OtpEmail:MaxSendsPerAddress must be at least 1 and Gatehouse:OtpEmail:AddressWindow positive");
        }

        return problems.Count == 0 ? this : throw new InvalidOperationException(string.Join("; ", problems));
    }
}
