using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>Tables the OIDC provider added after the shared baseline, under the module name <c>oidc</c>.</summary>
internal static class OidcMigrations
{
    public const string Module = "oidc";

    public static readonly IReadOnlyList<Migration> All =
    [
        new(Module, 1, "refresh token families and tokens (keyed hashes only); applications allowed refresh tokens", """
            CREATE TABLE oidc_refresh_families (
                family_id TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT);
            CREATE INDEX oidc_refresh_families_user ON oidc_refresh_families (user_id);
            CREATE INDEX oidc_refresh_families_session ON oidc_refresh_families (session_id);
            CREATE TABLE oidc_refresh_tokens (
                token_hash TEXT PRIMARY KEY,
                family_id TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT);
            CREATE INDEX oidc_refresh_tokens_family ON oidc_refresh_tokens (family_id);
            ALTER TABLE oidc_clients ADD COLUMN allow_refresh_tokens BIGINT NOT NULL DEFAULT 0;
            """),
        new(Module, 2, "authorization requests handed to an external login (ZITADEL's Login V2); resume secrets as keyed hashes only", """
            CREATE TABLE oidc_auth_requests (
                id TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                scope TEXT NOT NULL,
                prompt TEXT NOT NULL,
                ui_locales TEXT NOT NULL,
                login_hint TEXT,
                max_age BIGINT,
                acr_values TEXT,
                parameters TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                state BIGINT NOT NULL,
                session_id TEXT,
                resume_hash TEXT,
                error TEXT,
                error_description TEXT);
            CREATE INDEX oidc_auth_requests_expiry ON oidc_auth_requests (expires_at);
            """),
        new(Module, 3, "JWT assertions already used (keyed hashes, kept until they expire)", """
            CREATE TABLE oidc_used_assertions (assertion_hash TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
            CREATE INDEX oidc_used_assertions_expiry ON oidc_used_assertions (expires_at);
            """),
    ];
}
