namespace Gatehouse.Users;

/// <summary>
/// ZITADEL's password lockout: after this many consecutive wrong passwords the user is locked until an administrator
/// unlocks them. 0 turns lockout off. (The number for one-time codes is part of <c>OtpEmail/OtpEmailPolicy</c>.)
/// </summary>
internal sealed record LockoutPolicy(int MaxPasswordAttempts)
{
    public bool LocksAfter(int failuresIncludingThis) => MaxPasswordAttempts > 0 && failuresIncludingThis >= MaxPasswordAttempts;
}
