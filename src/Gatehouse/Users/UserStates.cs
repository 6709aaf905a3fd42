namespace Gatehouse.Users;

/// <summary>The numbers of ZITADEL's v1 UserState enum, as stored in the users read model.</summary>
internal static class UserStates
{
    public const long Active = 1;
    public const long Inactive = 2;
    public const long Deleted = 3;
    public const long Locked = 4;
}
