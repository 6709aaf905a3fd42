using Gatehouse.EventStore;

namespace Gatehouse.Users;

/// <summary>Login names are unique per instance and case-insensitive, as ZITADEL's (claimed in the same transaction).</summary>
internal static class LoginNames
{
    public const string ClaimType = "login_name";

    public static UniqueClaim Claim(string userName) => new(ClaimType, userName.ToLowerInvariant());
}
