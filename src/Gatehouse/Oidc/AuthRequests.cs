using System.Data.Common;
using Gatehouse.Crypto;
using Gatehouse.EventStore;
using Gatehouse.Kernel;

namespace Gatehouse.Oidc;

/// <summary>
/// Authorization requests handed to an external login, in Gatehouse's own table (one SQL for SQLite and PostgreSQL,
/// so every node sees a request at once). Each step is one conditional update — link or fail only a waiting request,
/// resume only a linked or failed one with its secret — so of two concurrent calls, on any nodes, exactly one wins.
/// The resume secret is stored as a keyed hash only.
/// </summary>
internal sealed class AuthRequests(IReadModels readModels, SecretHasher hasher, IdGenerator ids, ExternalLoginSettings settings, TimeProvider time)
{
    /// <summary>ZITADEL prefixes the ids of auth requests for its v2 login with this (docs/zitadel-wire.md §11.2).</summary>
    public const string IdPrefix = "V2_";

    private const string ResumePurpose = "oidc-auth-request-resume";
    private const string Columns =
        "id, client_id, redirect_uri, scope, prompt, ui_locales, login_hint, max_age, acr_values, parameters, created_at, expires_at, state";

    public async Task<AuthRequest> AddAsync(AuthRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var stored = request with { Id = IdPrefix + ids.NewId(), CreatedAt = now, ExpiresAt = now + settings.AuthRequestLifetime, State = AuthRequestState.Added };
        await readModels.ExecuteAsync(
            $"""
            INSERT INTO oidc_auth_requests ({Columns})
            VALUES (@id, @client, @redirect, @scope, @prompt, @locales, @hint, @maxAge, @acr, @parameters, @created, @expires, @state)
            """, ct,
            ("@id", stored.Id), ("@client", stored.ClientId), ("@redirect", stored.RedirectUri), ("@scope", string.Join(' ', stored.Scopes)),
            ("@prompt", string.Join(' ', stored.Prompts)), ("@locales", string.Join(' ', stored.UiLocales)), ("@hint", stored.LoginHint),
            ("@maxAge", stored.MaxAge), ("@acr", stored.AcrValues), ("@parameters", stored.Parameters),
            ("@created", UnixMicroseconds.From(stored.CreatedAt)), ("@expires", UnixMicroseconds.From(stored.ExpiresAt)), ("@state", (long)stored.State));
        return stored;
    }

    public async Task<AuthRequest?> FindAsync(string id, CancellationToken ct)
    {
        var rows = await readModels.QueryAsync($"SELECT {Columns} FROM oidc_auth_requests WHERE id = @id", Read, ct, ("@id", id));
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>Links a session to a waiting request; returns the resume secret, or null when another call came first.</summary>
    public async Task<string?> LinkAsync(string id, string sessionId, TimeSpan resumeWithin, CancellationToken ct) =>
        await EndAsync(id, AuthRequestState.Linked, sessionId, null, null, resumeWithin, ct);

    /// <summary>Ends a waiting request with an error for the application; returns the resume secret, or null.</summary>
    public async Task<string?> FailAsync(string id, string error, string? description, TimeSpan resumeWithin, CancellationToken ct) =>
        await EndAsync(id, AuthRequestState.Failed, null, error, description, resumeWithin, ct);

    /// <summary>
    /// Uses the resume URL once: the request must be linked or failed, unexpired, with this secret and these very
    /// parameters. Returns what the login decided, or null.
    /// </summary>
    public async Task<AuthRequestOutcome?> ResumeAsync(string id, string secret, string parameters, CancellationToken ct)
    {
        var now = UnixMicroseconds.From(time.GetUtcNow());
        var used = await readModels.ExecuteAsync(
            """
            UPDATE oidc_auth_requests SET state = @done
            WHERE id = @id AND resume_hash = @hash AND parameters = @parameters AND state IN (@linked, @failed) AND expires_at > @now
            """, ct,
            ("@done", (long)AuthRequestState.Done), ("@id", id), ("@hash", hasher.Hash(ResumePurpose, secret)), ("@parameters", parameters),
            ("@linked", (long)AuthRequestState.Linked), ("@failed", (long)AuthRequestState.Failed), ("@now", now));
        if (used != 1)
        {
            return null;
        }

        var rows = await readModels.QueryAsync("SELECT session_id, error, error_description FROM oidc_auth_requests WHERE id = @id",
            r => new AuthRequestOutcome(Text(r, 0), Text(r, 1), Text(r, 2)), ct, ("@id", id));
        return rows.Count == 1 ? rows[0] : null;
    }

    private async Task<string?> EndAsync(
        string id, AuthRequestState state, string? sessionId, string? error, string? description, TimeSpan resumeWithin, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var secret = TokenGenerator.NewToken();
        // The resume URL stands for a code, so it lives as briefly as one, never longer than the request.
        var changed = await readModels.ExecuteAsync(
            """
            UPDATE oidc_auth_requests
            SET state = @state, session_id = @session, error = @error, error_description = @description, resume_hash = @hash,
                expires_at = CASE WHEN expires_at < @resumeEnd THEN expires_at ELSE @resumeEnd END
            WHERE id = @id AND state = @added AND expires_at > @now
            """, ct,
            ("@state", (long)state), ("@session", sessionId), ("@error", error), ("@description", description),
            ("@hash", hasher.Hash(ResumePurpose, secret)), ("@resumeEnd", UnixMicroseconds.From(now + resumeWithin)),
            ("@id", id), ("@added", (long)AuthRequestState.Added), ("@now", UnixMicroseconds.From(now)));
        return changed == 1 ? secret : null;
    }

    private static AuthRequest Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Words(r.GetString(3)), Words(r.GetString(4)), Words(r.GetString(5)),
        Text(r, 6), r.IsDBNull(7) ? null : r.GetInt64(7), Text(r, 8), r.GetString(9),
        UnixMicroseconds.ToTime(r.GetInt64(10)), UnixMicroseconds.ToTime(r.GetInt64(11)), (AuthRequestState)r.GetInt64(12));

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Text(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
