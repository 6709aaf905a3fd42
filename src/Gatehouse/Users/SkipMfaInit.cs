using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Record that a human skipped setting up a second factor (User v2 HumanMFAInitSkipped). Login V2 reads the time from
/// GetUserByID and asks again once the login policy's skip lifetime has passed; nothing on the server changes.
/// </summary>
internal static class SkipMfaInit
{
    public static Decision<UserEvent> Decide(UserState state, string userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.SkipMfaUserIdMissing;
        }

        if (!state.Exists)
        {
            return UserErrors.SkipMfaUserNotFound;
        }

        return state.IsHuman ? Decision<UserEvent>.Accept(new MfaInitSkipped()) : UserErrors.UserNotHuman;
    }
}
