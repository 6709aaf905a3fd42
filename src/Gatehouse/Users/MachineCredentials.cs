using Gatehouse.EventStore;

namespace Gatehouse.Users;

/// <summary>A machine user as the token endpoint sees it: who, where, whether active, and its client secret's keyed hash.</summary>
internal sealed record MachineClient(string UserId, string OrgId, long State, string? SecretHash);

/// <summary>One key of a machine user: its public half (PKIX PEM) and when it stops working.</summary>
internal sealed record MachineKeyRow(string KeyId, string UserId, string OrgId, string PublicKeyPem, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt);

/// <summary>
/// Reads of machine users' credentials for the token endpoint and ListKeys; consistent with every acknowledged write
/// (inline projection), so a removed secret or key is refused on every node at once.
/// </summary>
internal sealed class MachineCredentials(IReadModels readModels, UserQueries users)
{
    private const string KeyColumns = "SELECT key_id, user_id, org_id, public_key, expires_at, created_at, changed_at FROM machine_keys";

    /// <summary>The machine user whose login name is this <c>client_id</c> (ZITADEL looks it up the same way), or null.</summary>
    public async Task<MachineClient?> FindClientAsync(string clientId, CancellationToken ct)
    {
        if (await users.FindByLoginNameAsync(clientId, ct) is not { } userId)
        {
            return null;
        }

        return await FindUserAsync(userId, ct);
    }

    /// <summary>The machine user with this id, or null.</summary>
    public Task<MachineClient?> FindUserAsync(string userId, CancellationToken ct) =>
        readModels.QuerySingleAsync(
            "SELECT id, org_id, state, machine_secret_hash FROM users WHERE id = @id AND kind = 'machine'",
            r => new MachineClient(r.GetString(0), r.GetString(1), r.GetInt64(2), r.NullableString(3)), ct, ("@id", userId));

    public Task<MachineKeyRow?> FindKeyAsync(string userId, string keyId, CancellationToken ct) =>
        readModels.QuerySingleAsync($"{KeyColumns} WHERE key_id = @key AND user_id = @user", Row, ct, ("@key", keyId), ("@user", userId));

    /// <summary>Every key; ListKeys filters them in memory, as ListUsers does users.</summary>
    public async Task<IReadOnlyList<MachineKeyRow>> ListKeysAsync(CancellationToken ct) => await readModels.QueryAsync(KeyColumns, Row, ct);

    private static MachineKeyRow Row(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(r.GetString(3))),
        UnixMicroseconds.ToTime(r.GetInt64(4)), UnixMicroseconds.ToTime(r.GetInt64(5)), UnixMicroseconds.ToTime(r.GetInt64(6)));
}
