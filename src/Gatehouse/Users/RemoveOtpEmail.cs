using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>
/// Remove the OTP Email factor (docs/otp-email.md §3.3); no verified email is needed. The verified address, if any,
/// is told (<see cref="SecurityNotice"/>): from now on the password alone signs in.
/// </summary>
internal static class RemoveOtpEmail
{
    public static Decision<UserEvent> Decide(UserState state, string userId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.RemoveOtpUserIdMissing;
        }

        if (!state.OtpEmailAdded)
        {
            return UserErrors.OtpNotExisting;
        }

        return Decision<UserEvent>.Accept(new OtpEmailRemoved()) with { Mails = SecurityNotice.For(state, SecurityNotice.OtpEmailRemoved, now) };
    }
}
