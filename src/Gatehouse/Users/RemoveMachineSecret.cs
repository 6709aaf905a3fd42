using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>Remove a machine user's client secret: from then on the client credentials grant refuses it.</summary>
internal static class RemoveMachineSecret
{
    public static Decision<UserEvent> Decide(UserState state)
    {
        if (!state.Exists || state.Kind != UserKind.Machine)
        {
            return UserErrors.RemoveSecretUserNotExisting;
        }

        return state.MachineSecretHash is null
            ? UserErrors.SecretNotExisting
            : Decision<UserEvent>.Accept(new MachineSecretRemoved());
    }
}
