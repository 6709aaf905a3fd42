
namespace Gatehouse.Auth;

/// <summary>
/// Whether a sign-in reached the level the account has: every factor the user enrolled was checked. A session that
/// checked only the password of a user with OTP Email is partial: it may read its own user and finish its sign-in,
/// nothing more (README, "A password alone never changes the account"; OWASP ASVS 5.0 V7.5.1).
/// </summary>
internal static class FactorRule
{
    public static bool PassedEveryFactor(bool hasPassword, long? passwordCheckedAt, bool hasOtpEmail, long? otpEmailCheckedAt) =>
        (!hasPassword || passwordCheckedAt is not null) && (!hasOtpEmail || otpEmailCheckedAt is not null);
}
