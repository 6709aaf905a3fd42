using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Lock a user by hand (User v2 LockUser): sign-in is refused until an unlock, and the user's refresh tokens end with
/// the event (Oidc's revocation projection). The caller's permission is checked before this decision, as for unlock.
/// </summary>
internal static class LockUser
{
    public static Decision<UserEvent> Decide(UserState state, string userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.LockUserIdMissing;
        }

        if (!state.Exists)
        {
            return UserErrors.LockUserNotFound;
        }

        return state.Locked ? UserErrors.UserNotActive : Decision<UserEvent>.Accept(new UserLocked());
    }
}
