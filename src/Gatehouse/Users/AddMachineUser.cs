using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>Create a machine (service) user; its username defaults to its id (docs/zitadel-wire.md §6.2).</summary>
internal static class AddMachineUser
{
    public static Decision<UserEvent> Decide(UserState state, string userId, string? userName, string name, string? description)
    {
        if (state.Kind != UserKind.None)
        {
            return UserErrors.MachineIdExists;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return UserErrors.MachineInvalid;
        }

        var effectiveUserName = (userName ?? userId).Trim();
        if (effectiveUserName.Length == 0)
        {
            return UserErrors.MachineUserNameInvalid;
        }

        return new Decision<UserEvent>([new MachineAdded(effectiveUserName, name.Trim(), description)])
        {
            Claims = [LoginNames.Claim(effectiveUserName)],
        };
    }
}
