using Gatehouse.Kernel;
using Gatehouse.Notifications;

namespace Gatehouse.Users;

/// <summary>
/// v1 SetMyEmail: a new address is unverified and gets a code (docs/otp-email.md §4.2), within the limits of
/// <see cref="VerificationMailLimit"/>: alternating between addresses mails no more than resending does. The verified
/// address is told of the change (<see cref="SecurityNotice"/>); the caller adds the code mail to the new one.
/// </summary>
internal static class ChangeEmail
{
    public static Decision<UserEvent> Decide(UserState state, string email, VerificationSend send, VerificationLimits limits)
    {
        if (EmailAddress.Validate(email) is { } invalid)
        {
            return invalid;
        }

        if (!state.IsHuman)
        {
            return UserErrors.SetEmailNoHuman;
        }

        // Byte-exact, untrimmed comparison, as ZITADEL.
        if (string.Equals(state.Email, email, StringComparison.Ordinal))
        {
            return UserErrors.EmailNotChanged;
        }

        if (VerificationMailLimit.Check(state, send, limits) is { } throttled)
        {
            return throttled;
        }

        // The owner hears of the change at the address codes go to, before anyone can verify the new one.
        var code = send.Code;
        var notice = string.Equals(state.VerifiedEmail, email, StringComparison.OrdinalIgnoreCase)
            ? []
            : SecurityNotice.For(NoticeAddressee.Of(state), SecurityNotice.EmailChanged, send.Now);
        return Decision<UserEvent>.Accept(
            new EmailChanged(email),
            new EmailCodeAdded(code.Hash, code.ExpiryNanoseconds, send.Delivery.UrlTemplate, send.Delivery.Returned, send.Delivery.Returned ? null : send.RecipientHash)) with
        {
            Mails = notice,
        };
    }
}
