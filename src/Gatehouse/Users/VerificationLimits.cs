namespace Gatehouse.Users;

/// <summary>
/// The limits of verification mails and codes. They are the limits of sign-in code mails (section
/// <c>Gatehouse:OtpEmail</c>, SECURITY.md), so OtpEmail's module registers them from its settings.
/// </summary>
internal sealed record VerificationLimits(TimeSpan SendCooldown, int MaxSendsPerAddress, TimeSpan AddressWindow, int MaxAttemptsPerCode)
{
    public static VerificationLimits Default { get; } = new(TimeSpan.FromSeconds(30), 10, TimeSpan.FromMinutes(10), 5);
}
