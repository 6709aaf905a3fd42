using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Add a key for the JWT profile grant to a machine user (docs/zitadel-wire.md §6.7): only its public half is recorded.
/// Without an expiry ZITADEL uses 9999-12-31T23:59:59Z, as for personal access tokens; an expiry in the past is
/// refused. Whether the public key parses is checked before (it is input, not state).
/// </summary>
internal static class AddMachineKey
{
    /// <summary>ZITADEL's KEY_TYPE_JSON, the only type its v2 API adds.</summary>
    public const int JsonType = 1;

    public static Decision<UserEvent> Decide(UserState state, string keyId, string publicKeyPem, DateTimeOffset? expiration, DateTimeOffset now)
    {
        if (expiration is { } at && at < now)
        {
            return UserErrors.PatExpiredBeforeNow;
        }

        if (!state.Exists || state.Kind != UserKind.Machine)
        {
            return UserErrors.KeyUserNotFound;
        }

        var encoded = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(publicKeyPem));
        return Decision<UserEvent>.Accept(new MachineKeyAdded(keyId, JsonType, expiration ?? AddPersonalAccessToken.NoExpiry, encoded));
    }
}
