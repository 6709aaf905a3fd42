namespace Gatehouse.OtpEmail;

/// <summary>
/// Everything the OTP Email decisions weigh, as one value: the section <c>Gatehouse:OtpEmail</c> (code length and
/// lifetime, guesses per code, mail limits, organizations that may not use the factor) and ZITADEL's lockout number
/// <c>Gatehouse:MaxOtpAttempts</c> (wrong codes in a row before the user is locked; 0 turns lockout off).
/// </summary>
internal sealed record OtpEmailPolicy(
    int CodeLength,
    TimeSpan Expiry,
    int MaxAttemptsPerCode,
    TimeSpan SendCooldown,
    int MaxSendsPerAddress,
    TimeSpan AddressWindow,
    IReadOnlyList<string> DisallowedOrganizations,
    int MaxOtpAttempts)
{
    /// <summary>The defaults of <see cref="OtpEmailSettings"/> without lockout.</summary>
    public static OtpEmailPolicy Default { get; } = From(new OtpEmailSettings(), maxOtpAttempts: 0);

    public static OtpEmailPolicy From(OtpEmailSettings settings, int maxOtpAttempts)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.CodeLength, settings.Expiry, settings.MaxAttemptsPerCode, settings.SendCooldown, settings.MaxSendsPerAddress,
            settings.AddressWindow, [.. settings.DisallowedOrganizations], maxOtpAttempts);
    }

    public bool AllowedIn(string orgId) => !DisallowedOrganizations.Contains(orgId, StringComparer.Ordinal);

    /// <summary>Whether the failure counted as <paramref name="failuresIncludingThis"/> locks the user.</summary>
    public bool LocksAfter(int failuresIncludingThis) => MaxOtpAttempts > 0 && failuresIncludingThis >= MaxOtpAttempts;
}
