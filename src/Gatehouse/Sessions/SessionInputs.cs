using Gatehouse.Domain;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// What a session decision needs from outside, resolved the same way for the Session API and the hosted login:
/// the checked user from the read model, and a freshly drawn one-time code with the address's recent sends.
/// </summary>
internal sealed class SessionInputs(UserQueries users, OtpEmailCodes otpCodes)
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

    /// <summary>A new code for the challenge; for a mailed code also how often its address got one within the window.</summary>
    public async Task<OtpEmailChallengeRequest> OtpChallengeAsync(OtpDelivery delivery, string? urlTemplate, string? userId, CancellationToken ct)
    {
        var code = otpCodes.NewCode();
        if (delivery == OtpDelivery.Return || userId is null || await users.GetAsync(userId, ct) is not { VerifiedEmail: { } address })
        {
            return new OtpEmailChallengeRequest(delivery, urlTemplate, code, null, 0, null);
        }

        var recipient = otpCodes.RecipientHash(address);
        var (count, oldest) = await otpCodes.RecentSendsAsync(recipient, ct);
        return new OtpEmailChallengeRequest(delivery, urlTemplate, code, recipient, count, oldest);
    }
}
