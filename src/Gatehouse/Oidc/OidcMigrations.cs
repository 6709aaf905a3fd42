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
        new(Module, 2, "JWT assertions already used (keyed hashes, kept until they expire)", """
            CREATE TABLE oidc_used_assertions (assertion_hash TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
            CREATE INDEX oidc_used_assertions_expiry ON oidc_used_assertions (expires_at);
            """),
    ];
}
