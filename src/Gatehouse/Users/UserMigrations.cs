using Gatehouse.EventStore;

namespace Gatehouse.Users;

/// <summary>Columns the users read model gained after the shared baseline, under the module name <c>users</c>.</summary>
internal static class UserMigrations
{
    public const string Module = "users";

    public static readonly IReadOnlyList<Migration> All =
    [
        new(Module, 1, "when the user skipped setting up a second factor (Login V2 reads it)", """
            ALTER TABLE users ADD COLUMN mfa_init_skipped_at BIGINT;
            """),
    ];
}
