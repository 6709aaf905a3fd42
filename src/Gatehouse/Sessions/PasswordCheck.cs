namespace Gatehouse.Sessions;

/// <summary>
/// <c>checks.password</c>, verified before the decision (Argon2 is slow and a service, so it runs once, not on every
/// concurrency retry): whether it matched, and the hash it was verified against, or null when there was nothing to
/// verify against (unknown, locked or password-less user; the decision then refuses for that reason).
/// </summary>
internal sealed record PasswordCheck(bool Matches, string? VerifiedAgainst)
{
    public static PasswordCheck NotVerified { get; } = new(false, null);
}
