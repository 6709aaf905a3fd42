using Gatehouse.Crypto;
using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>
/// Refresh tokens in Gatehouse's own tables, one SQL for SQLite and PostgreSQL, so every node sees a rotation at once.
/// A family is one grant (<see cref="OidcGrant"/>): the first token comes with the code, and each use replaces the
/// token by a new one of the same family (rotation). Only keyed hashes of tokens and grant ids are stored. A token
/// used a second time means two parties hold it, so the whole family is revoked (RFC 9700 §4.14.2), and with it the
/// access tokens of the grant. Families also end with the login session, when the user is locked or removed and when
/// a factor is removed (<see cref="RefreshTokenRevocations"/>), after the idle lifetime without use, and at the
/// absolute lifetime whatever happens.
/// </summary>
internal sealed class RefreshTokens(IReadModels readModels, SecretHasher hasher, OidcSettings settings, OidcTokenChecks checks, TimeProvider time)
{
    private const string TokenPurpose = "oidc-refresh-token";
    private const string FamilyPurpose = "oidc-refresh-family";

    /// <summary>Records a token just issued; its family is created with the first one (from the code).</summary>
    public async Task StoreAsync(string token, RefreshGrant grant, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var family = hasher.Hash(FamilyPurpose, grant.GrantId);
        await readModels.ExecuteAsync(
            """
            INSERT INTO oidc_refresh_families (family_id, client_id, user_id, session_id, created_at, expires_at)
            VALUES (@family, @client, @user, @session, @now, @end) ON CONFLICT (family_id) DO NOTHING
            """, ct,
            ("@family", family), ("@client", grant.ClientId), ("@user", grant.UserId), ("@session", grant.SessionId),
            ("@now", UnixMicroseconds.From(now)), ("@end", UnixMicroseconds.From(now + settings.RefreshTokenAbsoluteLifetime)));
        await readModels.ExecuteAsync(
            "INSERT INTO oidc_refresh_tokens (token_hash, family_id, expires_at) VALUES (@hash, @family, @until)", ct,
            ("@hash", hasher.Hash(TokenPurpose, token)), ("@family", family), ("@until", UnixMicroseconds.From(now + settings.RefreshTokenIdleLifetime)));

        // A replay of the code may have revoked the grant while this first redemption was still issuing: it wrote the
        // grant's row before looking for the family, and this looks at the grant after writing the family, so one of
        // the two sees the other and the family never outlives the replay.
        if (await checks.IsGrantRevokedAsync(grant.GrantId, ct))
        {
            await RevokeFamilyAsync(grant.GrantId, ct);
        }
    }

    /// <summary>How long a token issued now for this grant may live: idle lifetime, capped by the family's end.</summary>
    public async Task<TimeSpan> LifetimeAsync(string grantId, CancellationToken ct)
    {
        var end = await readModels.QueryAsync("SELECT expires_at FROM oidc_refresh_families WHERE family_id = @family",
            r => r.GetInt64(0), ct, ("@family", hasher.Hash(FamilyPurpose, grantId)));
        var now = time.GetUtcNow();
        var left = end.Count == 0 ? settings.RefreshTokenAbsoluteLifetime : UnixMicroseconds.ToTime(end[0]) - now;
        return left < settings.RefreshTokenIdleLifetime ? left : settings.RefreshTokenIdleLifetime;
    }

    /// <summary>
    /// Uses a token once. The conditional update is the whole decision: of two requests with one token, on any nodes,
    /// exactly one finds it unused; the other sees it used and revokes the family.
    /// </summary>
    public async Task<RefreshUse> UseAsync(string token, string grantId, CancellationToken ct)
    {
        var now = UnixMicroseconds.From(time.GetUtcNow());
        var hash = hasher.Hash(TokenPurpose, token);
        var family = hasher.Hash(FamilyPurpose, grantId);
        var used = await readModels.ExecuteAsync(
            """
            UPDATE oidc_refresh_tokens SET used_at = @now
            WHERE token_hash = @hash AND family_id = @family AND used_at IS NULL AND expires_at > @now
              AND EXISTS (SELECT 1 FROM oidc_refresh_families f
                          WHERE f.family_id = @family AND f.revoked_at IS NULL AND f.expires_at > @now)
            """, ct, ("@now", now), ("@hash", hash), ("@family", family));
        if (used == 1)
        {
            return RefreshUse.Rotated;
        }

        var usedBefore = await readModels.QueryAsync(
            "SELECT used_at FROM oidc_refresh_tokens WHERE token_hash = @hash AND family_id = @family AND used_at IS NOT NULL",
            r => r.GetInt64(0), ct, ("@hash", hash), ("@family", family));
        if (usedBefore.Count == 0)
        {
            return RefreshUse.Invalid;
        }

        await RevokeFamilyAsync(grantId, ct);
        return RefreshUse.Reused;
    }

    /// <summary>Ends the family and the access tokens of its grant (reuse, or RFC 7009 revocation of a refresh token).</summary>
    public async Task RevokeFamilyAsync(string grantId, CancellationToken ct)
    {
        await readModels.ExecuteAsync("UPDATE oidc_refresh_families SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL", ct,
            ("@now", UnixMicroseconds.From(time.GetUtcNow())), ("@family", hasher.Hash(FamilyPurpose, grantId)));
        await checks.RevokeGrantAsync(grantId, ct);
    }

    /// <summary>Whether a token is current (introspection): unused, not expired, of a live family.</summary>
    public async Task<bool> IsActiveAsync(string token, CancellationToken ct)
    {
        var now = UnixMicroseconds.From(time.GetUtcNow());
        var rows = await readModels.QueryAsync(
            """
            SELECT t.token_hash FROM oidc_refresh_tokens t JOIN oidc_refresh_families f ON f.family_id = t.family_id
            WHERE t.token_hash = @hash AND t.used_at IS NULL AND t.expires_at > @now AND f.revoked_at IS NULL AND f.expires_at > @now
            """, r => r.GetString(0), ct, ("@hash", hasher.Hash(TokenPurpose, token)), ("@now", now));
        return rows.Count == 1;
    }
}
