using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// Remove the OTP Email factor (docs/otp-email.md §3.3); no verified email is needed. The verified address, if any,
/// is told (<see cref="SecurityNotice"/>): from now on the password alone signs in.
/// </summary>
internal static class RemoveOtpEmail
{
    public const string NoticeTemplate = "OtpEmailRemovedNotice";

    public static Decision<UserEvent> Decide(OtpEmailState state, string userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrEmpty(userId))
        {
            return OtpEmailErrors.RemoveUserIdMissing;
        }

        if (!state.Added)
        {
            return OtpEmailErrors.NotExisting;
        }

        var to = new NoticeAddressee(state.VerifiedEmail, state.PreferredLanguage, state.DisplayName, state.UserName);
        return Decision<UserEvent>.Accept(new OtpEmailRemoved()) with { Mails = SecurityNotice.For(to, NoticeTemplate, now) };
    }
}
