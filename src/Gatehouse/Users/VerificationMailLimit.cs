using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// The throttle of verification mails (SetMyEmail, resend), with the limits of sign-in code mails (SECURITY.md,
/// "Mailboxes"): ZITADEL has none, so any signed-in user could mail-bomb any address. A cooldown per user and a cap
/// per address within a window; over either, nothing is written or sent and the caller learns when to retry.
/// </summary>
internal static class VerificationMailLimit
{
    public static DomainError? Check(UserState state, VerificationSend send, VerificationLimits limits)
    {
        // A code handed back to the calling login client is mailed by nobody: there is no mailbox to protect.
        if (send.Delivery.Returned)
        {
            return null;
        }

        var now = send.Now;
        if (limits.SendCooldown > TimeSpan.Zero && state.LastEmailCodeMailedAt is { } last && now < last + limits.SendCooldown)
        {
            return UserErrors.VerificationCooldown(last + limits.SendCooldown - now);
        }

        if (send.RecentSendsToAddress >= limits.MaxSendsPerAddress)
        {
            var freeAt = (send.OldestRecentSend ?? now) + limits.AddressWindow;
            return UserErrors.VerificationAddressLimit(freeAt > now ? freeAt - now : TimeSpan.FromSeconds(1));
        }

        return null;
    }
}
