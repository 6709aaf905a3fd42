
namespace Gatehouse.Kernel;

/// <summary>ZITADEL's permission names (docs/zitadel-wire.md §1.5, §6.1, §7.1).</summary>
internal static class Permissions
{
    public const string UserRead = "user.read";
    public const string UserWrite = "user.write";
    public const string UserCredentialWrite = "user.credential.write";
    public const string UserDelete = "user.delete";
    public const string SessionRead = "session.read";
    public const string SessionWrite = "session.write";
    public const string SessionDelete = "session.delete";

    /// <summary>Linking a session to an application's authorization request (OIDC v2 CreateCallback, docs/zitadel-wire.md §11.3).</summary>
    public const string SessionLink = "session.link";

    /// <summary>Seeing an organization in ListOrganizations (docs/zitadel-wire.md §10.1).</summary>
    public const string OrgRead = "org.read";

    /// <summary>Reading an organization's settings (Settings v2, docs/zitadel-wire.md §9.1).</summary>
    public const string PolicyRead = "policy.read";

    /// <summary>Reading instance-wide settings: security settings and login texts.</summary>
    public const string IamPolicyRead = "iam.policy.read";
}
