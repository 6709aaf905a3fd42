using System.Data.Common;
using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.Storage;
using Gatehouse.Users;

namespace Gatehouse.Api;

/// <summary>
/// Turns <c>Authorization: Bearer …</c> into a <see cref="Caller"/>. Tokens are opaque; we look up their keyed
/// hash, so a database dump holds no usable token. Accepted: personal access tokens, and session tokens whose
/// session has at least one checked authentication factor (contract §3.6). A token that passed is remembered in
/// the <see cref="TokenCache"/> until something it depends on changes.
/// </summary>
internal sealed class BearerAuthenticator(DbDataSource dataSource, SecretHasher hasher, TokenCache cache, TimeProvider time)
{
    public const string TokenPurpose = "access-token";
    private const string Prefix = "Bearer ";

    public async Task<Caller> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        // The prefix is case-sensitive and must appear exactly once, as in ZITADEL.
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.Ordinal)
            || authorization.AsSpan(Prefix.Length).StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new DomainException(AuthErrors.InvalidHeader);
        }

        var token = authorization[Prefix.Length..].Trim();
        if (token.Length is 0 or > 512)
        {
            throw new DomainException(AuthErrors.TokenInvalid);
        }

        var hash = hasher.Hash(TokenPurpose, token);
        var now = UnixMicros.From(time.GetUtcNow());
        if (cache.Find(hash, now) is { } known)
        {
            return known;
        }

        var mark = cache.Mark();
        var row = await dataSource.QuerySingleAsync(
            """
            SELECT t.kind, t.user_id, t.session_id, t.expires_at, u.org_id, u.state,
                   s.user_id, s.terminated, s.expires_at, s.password_checked_at, s.otp_email_checked_at, su.org_id, su.state
            FROM access_tokens t
            LEFT JOIN users u ON u.id = t.user_id
            LEFT JOIN sessions s ON s.id = t.session_id
            LEFT JOIN users su ON su.id = s.user_id
            WHERE t.token_hash = @hash
            """,
            r => new TokenRow(
                r.GetString(0), r.NullableString(1), r.NullableString(2), r.NullableInt64(3), r.NullableString(4), r.NullableInt64(5),
                r.NullableString(6), !r.IsDBNull(7) && r.Flag(7), r.NullableInt64(8), r.NullableInt64(9), r.NullableInt64(10),
                r.NullableString(11), r.NullableInt64(12)),
            ct, ("@hash", hash));

        if (row is null)
        {
            throw new DomainException(AuthErrors.TokenInvalid);
        }

        string userId, orgId;
        long? expiresAt;
        string? sessionId = null;
        TokenKind kind;
        if (row.Kind == "pat")
        {
            if (row.ExpiresAt < now || row.UserId is null || row.OrgId is null || row.UserState is not (UserStates.Active or UserStates.Locked))
            {
                throw new DomainException(AuthErrors.TokenInvalid);
            }

            (userId, orgId, kind, expiresAt) = (row.UserId, row.OrgId, TokenKind.PersonalAccessToken, row.ExpiresAt);
        }
        else
        {
            if (row.SessionTerminated)
            {
                throw new DomainException(AuthErrors.SessionNotExisting);
            }

            if (row.SessionExpiresAt < now)
            {
                throw new DomainException(AuthErrors.SessionExpired);
            }

            if (row.SessionUserId is null || row.SessionUserOrgId is null || (row.PasswordCheckedAt is null && row.OtpEmailCheckedAt is null))
            {
                throw new DomainException(AuthErrors.AuthenticationRequired);
            }

            if (row.SessionUserState is not (UserStates.Active or UserStates.Locked))
            {
                throw new DomainException(AuthErrors.TokenInvalid);
            }

            (userId, orgId, sessionId, kind, expiresAt) = (row.SessionUserId, row.SessionUserOrgId, row.SessionId, TokenKind.Session, row.SessionExpiresAt);
        }

        var memberships = await dataSource.QueryAsync(
            "SELECT scope, roles FROM members WHERE user_id = @user",
            r => (Scope: r.GetString(0), Roles: r.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries)),
            ct, ("@user", userId));
        var caller = new Caller(userId, orgId, kind, sessionId, memberships.ToDictionary(m => m.Scope, m => m.Roles, StringComparer.Ordinal));
        cache.Add(hash, caller, expiresAt, mark);
        return caller;
    }

    private sealed record TokenRow(
        string Kind, string? UserId, string? SessionId, long? ExpiresAt, string? OrgId, long? UserState,
        string? SessionUserId, bool SessionTerminated, long? SessionExpiresAt, long? PasswordCheckedAt, long? OtpEmailCheckedAt,
        string? SessionUserOrgId, long? SessionUserState);
}
