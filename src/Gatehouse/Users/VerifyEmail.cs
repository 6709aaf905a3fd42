using Gatehouse.Crypto;
using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>
/// v1 VerifyMyEmail (otp-email-behaviour §4.2). A wrong or expired code is recorded as a failure; a right one
/// verifies the address and consumes the code, so it cannot be used twice.
/// </summary>
internal static class VerifyEmail
{
    public const string CodePurpose = "email-verification";

    public static Decision<UserEvent> Decide(UserState state, string code, DateTimeOffset now, SecretHasher hasher)
    {
        if (string.IsNullOrEmpty(code))
        {
            return UserErrors.VerifyCodeEmpty;
        }

        if (!state.IsHuman || state.PendingEmailCode is not { } pending)
        {
            return UserErrors.VerifyCodeNotFound;
        }

        // Compute the hash comparison even when expired, so timing does not reveal expiry versus mismatch.
        var matches = hasher.Matches(CodePurpose, code, pending.Hash);
        if (!matches || now > pending.ExpiresAt)
        {
            return Decision<UserEvent>.RejectAfter(UserErrors.VerifyCodeInvalid, new EmailVerificationFailed());
        }

        return Decision<UserEvent>.Accept(new EmailVerified());
    }
}
