using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Delete a user (User v2 DeleteUser). The stream stays, as in ZITADEL; the login name is freed for a new user, and
/// every token of the user stops working because its checks read the user's state.
/// </summary>
internal static class RemoveUser
{
    public static Decision<UserEvent> Decide(UserState state, string userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.DeleteUserIdMissing;
        }

        if (!state.Exists)
        {
            return UserErrors.DeleteUserNotFound;
        }

        return new Decision<UserEvent>([new UserRemoved()]) { Releases = [LoginNames.Claim(state.UserName)] };
    }
}
