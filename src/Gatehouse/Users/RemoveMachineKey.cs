using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>Remove a machine user's key: assertions signed with it are refused from then on.</summary>
internal static class RemoveMachineKey
{
    public static Decision<UserEvent> Decide(UserState state, string keyId) =>
        state.Exists && state.MachineKeys.Contains(keyId)
            ? Decision<UserEvent>.Accept(new MachineKeyRemoved(keyId))
            : UserErrors.KeyNotFound;
}
