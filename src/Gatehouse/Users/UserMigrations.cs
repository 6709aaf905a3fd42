using Gatehouse.EventStore;

namespace Gatehouse.Users;

/// <summary>Read-model tables the users module added after the shared baseline, under the module name <c>users</c>.</summary>
internal static class UserMigrations
{
    public const string Module = "users";

    public static readonly IReadOnlyList<Migration> All =
    [
        new(Module, 1, "machine users' client secrets (keyed hashes) and keys (public halves only)", """
            ALTER TABLE users ADD COLUMN machine_secret_hash TEXT;
            CREATE TABLE machine_keys (
                key_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                org_id TEXT NOT NULL,
                public_key TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                changed_at BIGINT NOT NULL);
            CREATE INDEX machine_keys_user ON machine_keys (user_id);
            """),
        new(Module, 2, "when the user skipped setting up a second factor (Login V2 reads it)", """
            ALTER TABLE users ADD COLUMN mfa_init_skipped_at BIGINT;
            """),
    ];
}
