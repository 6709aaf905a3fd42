
namespace Gatehouse.Kernel;

/// <summary>
/// Permission checks with ZITADEL's answers (docs/zitadel-wire.md §3.6): a caller without any membership learns only
/// "membership not found"; one with memberships but not this permission gets "No matching permissions found",
/// with the interceptor's id or the business logic's id depending on where ZITADEL checks.
/// </summary>
internal static class Authorization
{
    public static void Require(Caller caller, string permission, string orgId, bool checkedByInterceptor = false)
    {
        if (caller.Can(permission, orgId))
        {
            return;
        }

        if (!caller.HasMemberships)
        {
            throw new DomainException(AuthErrors.MembershipNotFound);
        }

        throw new DomainException(checkedByInterceptor ? AuthErrors.NoMatchingPermissionsInterceptor : AuthErrors.NoMatchingPermissions);
    }

    /// <summary>Acting on oneself needs no permission; otherwise the permission in the target's organization.</summary>
    public static void RequireSelfOr(Caller caller, string targetUserId, string permission, string targetOrgId)
    {
        if (caller.UserId != targetUserId)
        {
            Require(caller, permission, targetOrgId);
        }
    }
}
