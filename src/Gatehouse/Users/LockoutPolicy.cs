namespace Gatehouse.Users;

/// <summary>
/// ZITADEL's lockout policy: after this many consecutive failures the user is locked until an administrator
/// unlocks them. 0 turns lockout off for that factor.
/// </summary>
internal sealed record LockoutPolicy(int MaxPasswordAttempts, int MaxOtpAttempts)
{
    public static bool Reached(int max, int failuresIncludingThis) => max > 0 && failuresIncludingThis >= max;
}
