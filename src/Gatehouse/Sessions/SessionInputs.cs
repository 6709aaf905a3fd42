using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// What a session decision needs from outside, resolved the same way for the Session API and the hosted login:
/// the checked user from the read model, and the password verified against the user's hash. (OTP Email's inputs, a
/// drawn code and the address's recent sends, come from <see cref="OtpEmail.OtpEmailCodes"/>.)
/// </summary>
internal sealed class SessionInputs(UserQueries users, WriteModels writeModels)
{
    /// <summary>The user to check, by id or login name; unknown, deleted and inactive (locked) users are refused.</summary>
    public async Task<CheckedUser> ResolveUserAsync(string? userId, string? loginName, CancellationToken ct)
    {
        userId ??= loginName is null ? null : await users.FindByLoginNameAsync(loginName, ct);
        var user = userId is null ? null : await users.GetAsync(userId, ct);
        if (user is null || user.State == UserStates.Deleted)
        {
            throw new DomainException(SessionErrors.UserNotFound);
        }

        if (user.State != UserStates.Active)
        {
            throw new DomainException(SessionErrors.UserNotActive);
        }

        return new CheckedUser(user.Id, user.OrgId, user.UserName, user.DisplayName ?? user.UserName, user.PreferredLanguage);
    }

    /// <summary>
    /// The password, verified once before the decision against the hash the user has now. Where the decision refuses
    /// without comparing (no user, unknown, locked or without a password) nothing is hashed, so those answers stay fast.
    /// </summary>
    public async Task<PasswordCheck?> VerifyPasswordAsync(string? password, string? userId, CancellationToken ct)
    {
        if (password is null)
        {
            return null;
        }

        var user = userId is null ? null : await writeModels.LoadAsync(UserEvents.Aggregate, userId, ct);
        return user is { Exists: true, Locked: false, PasswordHash: { } hash }
            ? new PasswordCheck(PasswordHasher.Verify(password, hash), hash)
            : PasswordCheck.NotVerified;
    }
}
