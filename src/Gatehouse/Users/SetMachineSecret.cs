using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Set (or replace) a machine user's client secret for the client credentials grant (docs/zitadel-wire.md §6.7). Only
/// the keyed hash is recorded; the plain secret is returned once. ZITADEL's machine write model does not see human
/// users, so for them, as for unknown ones, the user "does not exist".
/// </summary>
internal static class SetMachineSecret
{
    public static Decision<UserEvent> Decide(UserState state, string secretHash) =>
        state.Exists && state.Kind == UserKind.Machine
            ? Decision<UserEvent>.Accept(new MachineSecretSet(secretHash))
            : UserErrors.SecretUserNotExisting;
}
