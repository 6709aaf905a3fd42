using System.Security.Cryptography;
using System.Text;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// The OTP Email check of a session (docs/otp-email.md §5.2), with Gatehouse's fixes: codes are compared by keyed
/// hash in constant time, a code dies after too many wrong guesses, and a locked user cannot check at all.
/// </summary>
internal static class CheckOtpEmail
{
    public static SessionDecision Decide(OtpEmailState state, CheckOtpEmailCommand command, OtpEmailPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(policy);
        if (command.UserId is null)
        {
            return OtpEmailErrors.CheckWithoutUser;
        }

        if (command.Check.CodeHash is not { } typed)
        {
            return OtpEmailErrors.CodeEmpty;
        }

        if (!state.Added)
        {
            return OtpEmailErrors.CheckNotReady;
        }

        // A locked user learns nothing about the code, and nothing is written (ZITADEL compares first).
        if (state.Locked)
        {
            return OtpEmailErrors.UserLocked;
        }

        if (state.Challenge is not { } challenge || state.ChallengeFailures.GetValueOrDefault(challenge.Key) >= policy.MaxAttemptsPerCode)
        {
            return OtpEmailErrors.NoOpenChallenge;
        }

        // Always compare, so an expired code costs the same time as a live one.
        var matches = SameHash(typed, challenge.CodeHash);
        var expired = now >= challenge.ExpiresAt;
        if (matches && !expired)
        {
            return new SessionDecision([new OtpEmailChecked(now)], [new OtpEmailCheckSucceeded(command.SessionId)]);
        }

        var error = expired ? OtpEmailErrors.CodeExpired : OtpEmailErrors.CodeInvalid;
        var failed = new OtpEmailCheckFailed(command.SessionId, challenge.Key);
        return policy.LocksAfter(state.Failures + 1)
            ? SessionDecision.Reject(error, failed, new UserLocked())
            : SessionDecision.Reject(error, failed);
    }

    /// <summary>Constant-time, so response times say nothing about how close a guess was.</summary>
    private static bool SameHash(string typed, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(typed), Encoding.ASCII.GetBytes(expected));
}
