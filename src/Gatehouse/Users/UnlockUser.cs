using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Unlock a user locked by the lockout policy (docs/otp-email.md §6). <c>user.unlocked</c> resets the failure
/// counters. The caller's permission is checked before this decision (unlike ZITADEL, which answers "not found" and
/// "not locked" first and so lets anyone probe for locked users — docs/otp-email.md §8.16).
/// </summary>
internal static class UnlockUser
{
    public static Decision<UserEvent> Decide(UserState state, string userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.UnlockUserIdMissing;
        }

        if (!state.Exists)
        {
            return UserErrors.UnlockUserNotFound;
        }

        if (!state.Locked)
        {
            return UserErrors.UserNotLocked;
        }

        return Decision<UserEvent>.Accept(new UserUnlocked());
    }
}
