using Gatehouse.EventStore;

namespace Gatehouse.Users;

/// <summary>Reads of the users read model; consistent with every acknowledged write (inline projection).</summary>
internal sealed class UserQueries(IReadModels readModels, IEventStore store)
{
    private const string Columns = """
        SELECT id, org_id, kind, state, user_name, first_name, last_name, nick_name, display_name, preferred_language,
               gender, email, email_verified, verified_email, password_changed_at, machine_name, machine_description,
               otp_email, sequence, created_at, changed_at, mfa_init_skipped_at
        FROM users
        """;

    public Task<UserRow?> GetAsync(string userId, CancellationToken ct) =>
        readModels.QuerySingleAsync(Columns + " WHERE id = @id", Row, ct, ("@id", userId));

    /// <summary>Every user; ListUsers filters them in memory unless the search names a login name exactly.</summary>
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct) => await readModels.QueryAsync(Columns, Row, ct);

    private static UserRow Row(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2) == "human", r.GetInt64(3), r.GetString(4),
        r.NullableString(5), r.NullableString(6), r.NullableString(7), r.NullableString(8), r.NullableString(9),
        r.GetInt64(10), r.NullableString(11), r.Flag(12), r.NullableString(13),
        r.NullableInt64(14) is { } pwd ? UnixMicroseconds.ToTime(pwd) : null,
        r.NullableString(15), r.NullableString(16), r.Flag(17), r.GetInt64(18),
        UnixMicroseconds.ToTime(r.GetInt64(19)), UnixMicroseconds.ToTime(r.GetInt64(20)),
        r.NullableInt64(21) is { } skipped ? UnixMicroseconds.ToTime(skipped) : null);

    /// <summary>The id of the user with this login name (case-insensitive), or null.</summary>
    public Task<string?> FindByLoginNameAsync(string loginName, CancellationToken ct) =>
        store.FindClaimOwnerAsync(LoginNames.Claim(loginName.Trim()), ct);
}
