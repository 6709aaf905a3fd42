using Gatehouse.Kernel;
using Gatehouse.Notifications;

namespace Gatehouse.Users;

/// <summary>
/// v1 ResendMyEmailVerification: a new code replaces the previous one (docs/otp-email.md §4.2), within the limits
/// of <see cref="VerificationMailLimit"/>.
/// </summary>
internal static class ResendEmailCode
{
    public static Decision<UserEvent> Decide(UserState state, VerificationSend send, VerificationLimits limits)
    {
        if (!state.IsHuman)
        {
            return UserErrors.ResendNoHuman;
        }

        if (state.EmailVerified)
        {
            return UserErrors.EmailAlreadyVerified;
        }

        if (VerificationMailLimit.Check(state, send, limits) is { } throttled)
        {
            return throttled;
        }

        var code = send.Code;
        return Decision<UserEvent>.Accept(new EmailCodeAdded(code.Hash, code.ExpiryNanoseconds, send.Delivery.UrlTemplate, send.Delivery.Returned, send.Delivery.Returned ? null : send.RecipientHash));
    }
}
