
namespace Gatehouse.Kernel;

/// <summary>ZITADEL's permission names (docs/zitadel-wire.md §1.5, §6.1, §7.1).</summary>
internal static class Permissions
{
    public const string UserRead = "user.read";
    public const string UserWrite = "user.write";
    public const string UserCredentialWrite = "user.credential.write";
    public const string SessionRead = "session.read";
    public const string SessionWrite = "session.write";
    public const string SessionDelete = "session.delete";
}
