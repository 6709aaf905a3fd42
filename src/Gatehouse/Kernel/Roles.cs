
namespace Gatehouse.Kernel;

/// <summary>
/// ZITADEL's role names and the permissions they grant on the surface Gatehouse serves. One explicit table, so a
/// reviewer sees at a glance who may do what.
/// </summary>
internal static class Roles
{
    public const string IamOwner = "IAM_OWNER";
    public const string IamLoginClient = "IAM_LOGIN_CLIENT";
    public const string OrgOwner = "ORG_OWNER";

    private static readonly Dictionary<string, string[]> Grants = new(StringComparer.Ordinal)
    {
        [IamOwner] = [Permissions.UserRead, Permissions.UserWrite, Permissions.UserCredentialWrite, Permissions.UserDelete,
            Permissions.SessionRead, Permissions.SessionWrite, Permissions.SessionDelete, Permissions.SessionLink, Permissions.PolicyRead, Permissions.IamPolicyRead, Permissions.OrgRead],
        [IamLoginClient] = [Permissions.UserRead, Permissions.UserWrite, Permissions.UserCredentialWrite,
            Permissions.SessionRead, Permissions.SessionWrite, Permissions.SessionDelete, Permissions.SessionLink, Permissions.PolicyRead, Permissions.IamPolicyRead, Permissions.OrgRead],
        [OrgOwner] = [Permissions.UserRead, Permissions.UserWrite, Permissions.UserCredentialWrite, Permissions.UserDelete,
            Permissions.SessionRead, Permissions.SessionWrite, Permissions.SessionDelete, Permissions.PolicyRead, Permissions.OrgRead],
    };

    public static bool Grant(string role, string permission) =>
        Grants.TryGetValue(role, out var permissions) && permissions.Contains(permission, StringComparer.Ordinal);
}
