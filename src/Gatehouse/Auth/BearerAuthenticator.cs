using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Oidc;
using Gatehouse.EventStore;
using Gatehouse.Users;
using OpenIddict.Abstractions;
using OpenIddict.Validation;

namespace Gatehouse.Auth;

/// <summary>
/// Turns <c>Authorization: Bearer …</c> into a <see cref="Caller"/>. Tokens are opaque; we look up their keyed
/// hash, so a database dump holds no usable token. Accepted: personal access tokens, session tokens whose
/// session has at least one checked authentication factor, and access tokens of our OpenID Connect provider: signed
/// JWTs with the ZITADEL API audience, whose login session is still open and not revoked. Whether the token still
/// counts is decided by one rule for every kind (<see cref="TokenValidity"/>); a session that has not checked every
/// factor of its user yields a partial caller, which the transport's interceptor confines. An opaque
/// token that passed is remembered in the <see cref="TokenCache"/> until something it depends on changes.
/// </summary>
internal sealed class BearerAuthenticator(
    IReadModels readModels, SecretHasher hasher, TokenCache cache, TimeProvider time, OpenIddictValidationService oidc, OidcTokenChecks oidcChecks)
    : IAuthenticator
{
    private const string Prefix = "Bearer ";

    // Long: one short branch per kind of token (personal access, session, OIDC access token) over the same cache and
    // the same TokenValidity rule.
    public async Task<Caller> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        // The prefix is case-sensitive and must appear exactly once, as in ZITADEL.
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.Ordinal)
            || authorization.AsSpan(Prefix.Length).StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new DomainException(AuthErrors.InvalidHeader);
        }

        var token = authorization[Prefix.Length..].Trim();
        if (token.Length <= 16384 && token.Count(c => c == '.') == 2)
        {
            return await AuthenticateOidcAsync(token, ct);
        }

        if (token.Length is 0 or > 512)
        {
            throw new DomainException(AuthErrors.TokenInvalid);
        }

        var hash = hasher.Hash(AccessTokens.TokenPurpose, token);
        var now = UnixMicroseconds.From(time.GetUtcNow());
        if (cache.Find(hash, now) is { } known)
        {
            return known;
        }

        var mark = cache.Mark();
        // The token, its user or session, and the user's memberships in one query (one row per membership): on
        // PostgreSQL each query is a round trip, and after every change to the user the next call comes here again.
        var rows = await readModels.QueryAsync(
            """
            SELECT t.kind, t.user_id, t.session_id, t.expires_at, u.org_id, u.state,
                   s.user_id, s.terminated, s.expires_at, s.password_checked_at, s.otp_email_checked_at, su.org_id, su.state,
                   su.password_changed_at, su.otp_email, m.scope, m.roles
            FROM access_tokens t
            LEFT JOIN users u ON u.id = t.user_id
            LEFT JOIN sessions s ON s.id = t.session_id
            LEFT JOIN users su ON su.id = s.user_id
            LEFT JOIN members m ON m.user_id = CASE WHEN t.kind = 'pat' THEN t.user_id ELSE s.user_id END
            WHERE t.token_hash = @hash
            """,
            r => (Token: new TokenRow(
                r.GetString(0), r.NullableString(1), r.NullableString(2), r.NullableInt64(3), r.NullableString(4), r.NullableInt64(5),
                r.NullableString(6), !r.IsDBNull(7) && r.Flag(7), r.NullableInt64(8), r.NullableInt64(9), r.NullableInt64(10),
                r.NullableString(11), r.NullableInt64(12), r.NullableInt64(13) is not null, !r.IsDBNull(14) && r.Flag(14)),
                Scope: r.NullableString(15), Roles: r.NullableString(16)),
            ct, ("@hash", hash));
        var row = rows.Count == 0 ? null : rows[0].Token;

        if (row is null)
        {
            throw new DomainException(AuthErrors.TokenInvalid);
        }

        var facts = row.Kind == "pat"
            ? new TokenFacts(TokenKind.PersonalAccessToken, row.UserId is not null && row.OrgId is not null, row.UserState, row.ExpiresAt)
            : new TokenFacts(TokenKind.Session, row.SessionUserId is not null && row.SessionUserOrgId is not null, row.SessionUserState,
                row.SessionExpiresAt, row.SessionTerminated, row.PasswordCheckedAt, row.OtpEmailCheckedAt, row.UserHasPassword, row.UserHasOtpEmail);
        var verdict = TokenValidity.Check(facts, now);
        if (verdict.Error is { } refused)
        {
            throw new DomainException(refused);
        }

        var (userId, orgId, sessionId) = facts.Kind == TokenKind.PersonalAccessToken
            ? (row.UserId!, row.OrgId!, (string?)null)
            : (row.SessionUserId!, row.SessionUserOrgId!, row.SessionId);
        var memberships = rows.Where(r => r.Scope is not null)
            .ToDictionary(r => r.Scope!, r => r.Roles!.Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var caller = new Caller(userId, orgId, facts.Kind, sessionId, memberships) { PassedEveryFactor = verdict.PassedEveryFactor };
        cache.Add(hash, caller, facts.ExpiresAt, mark);
        return caller;
    }

    /// <summary>
    /// ZITADEL's v2 OIDC tokens live as long as their session: signing out (or an admin ending the session) ends them,
    /// like session tokens, before the JWT itself expires.
    /// </summary>
    private async Task<Caller> AuthenticateOidcAsync(string token, CancellationToken ct)
    {
        System.Security.Claims.ClaimsPrincipal principal;
        try
        {
            // Signature, issuer, lifetime and the audience urn:zitadel:iam:org:project:id:zitadel:aud grants.
            principal = await oidc.ValidateAccessTokenAsync(token, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DomainException(AuthErrors.TokenInvalid);
        }

        if (principal.GetClaim(OpenIddictConstants.Claims.Subject) is not { } userId || await oidcChecks.IsRevokedAsync(token, ct))
        {
            throw new DomainException(AuthErrors.TokenInvalid);
        }

        if (principal.GetClaim("sid") is not { } sessionId)
        {
            return await AuthenticateMachineAsync(userId, ct);
        }

        var row = await readModels.QuerySingleAsync(
            """
            SELECT u.org_id, u.state, s.terminated, s.expires_at, s.password_checked_at, s.otp_email_checked_at,
                   u.password_changed_at, u.otp_email
            FROM users u JOIN sessions s ON s.user_id = u.id
            WHERE u.id = @user AND s.id = @session
            """,
            r => new OidcRow(r.GetString(0), r.GetInt64(1), r.Flag(2), r.NullableInt64(3), r.NullableInt64(4), r.NullableInt64(5),
                r.NullableInt64(6) is not null, r.Flag(7)),
            ct, ("@user", userId), ("@session", sessionId));
        var facts = row is null
            ? new TokenFacts(TokenKind.Oidc, UserFound: false, UserState: null, ExpiresAt: null)
            : new TokenFacts(TokenKind.Oidc, UserFound: true, row.UserState, row.ExpiresAt, row.Terminated, row.PasswordCheckedAt, row.OtpEmailCheckedAt,
                row.UserHasPassword, row.UserHasOtpEmail);
        var verdict = TokenValidity.Check(facts, UnixMicroseconds.From(time.GetUtcNow()));
        if (verdict.Error is { } refused)
        {
            throw new DomainException(refused);
        }

        return new Caller(userId, row!.OrgId, TokenKind.Oidc, sessionId, await MembershipsAsync(userId, ct))
        {
            PassedEveryFactor = verdict.PassedEveryFactor,
        };
    }

    /// <summary>
    /// A token from the client credentials or JWT profile grant carries no session: only a machine user gets one, and
    /// it counts while that user is active (locked or removed: refused at once, as the user's personal access tokens).
    /// </summary>
    private async Task<Caller> AuthenticateMachineAsync(string userId, CancellationToken ct)
    {
        var row = await readModels.QuerySingleAsync(
            "SELECT org_id, state FROM users WHERE id = @user AND kind = 'machine'",
            r => new MachineRow(r.GetString(0), r.GetInt64(1)), ct, ("@user", userId));
        var facts = new TokenFacts(TokenKind.OidcMachine, row is not null, row?.State, ExpiresAt: null);
        if (TokenValidity.Check(facts, UnixMicroseconds.From(time.GetUtcNow())).Error is { } refused)
        {
            throw new DomainException(refused);
        }

        return new Caller(userId, row!.OrgId, TokenKind.OidcMachine, null, await MembershipsAsync(userId, ct));
    }

    private async Task<Dictionary<string, string[]>> MembershipsAsync(string userId, CancellationToken ct)
    {
        var memberships = await readModels.QueryAsync(
            "SELECT scope, roles FROM members WHERE user_id = @user",
            r => (Scope: r.GetString(0), Roles: r.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries)),
            ct, ("@user", userId));
        return memberships.ToDictionary(m => m.Scope, m => m.Roles, StringComparer.Ordinal);
    }

    private sealed record MachineRow(string OrgId, long State);

    private sealed record OidcRow(
        string OrgId, long UserState, bool Terminated, long? ExpiresAt, long? PasswordCheckedAt, long? OtpEmailCheckedAt, bool UserHasPassword, bool UserHasOtpEmail);

    private sealed record TokenRow(
        string Kind, string? UserId, string? SessionId, long? ExpiresAt, string? OrgId, long? UserState,
        string? SessionUserId, bool SessionTerminated, long? SessionExpiresAt, long? PasswordCheckedAt, long? OtpEmailCheckedAt,
        string? SessionUserOrgId, long? SessionUserState, bool UserHasPassword, bool UserHasOtpEmail);
}
