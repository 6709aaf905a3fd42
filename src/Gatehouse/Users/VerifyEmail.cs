using Gatehouse.Crypto;
using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// v1 VerifyMyEmail (docs/otp-email.md §4.2). A wrong or expired code is recorded as a failure; a right one
/// verifies the address and consumes the code, so it cannot be used twice. Unlike ZITADEL, a code dies after
/// <c>maxAttemptsPerCode</c> wrong guesses (the same cap as sign-in codes, SECURITY.md): a 6-character code could
/// otherwise be guessed online, and each guess would grow the log. The count is folded from the stream, so the
/// optimistic concurrency of the append makes parallel guesses count exactly.
/// </summary>
internal static class VerifyEmail
{
    public const string CodePurpose = "email-verification";

    public static Decision<UserEvent> Decide(UserState state, string code, DateTimeOffset now, SecretHasher hasher, int maxAttemptsPerCode)
    {
        if (string.IsNullOrEmpty(code))
        {
            return UserErrors.VerifyCodeEmpty;
        }

        if (!state.IsHuman || state.PendingEmailCode is not { } pending)
        {
            return UserErrors.VerifyCodeNotFound;
        }

        // A dead code is not compared at all, so even the right one fails and nothing more is written.
        if (state.EmailCodeFailures >= maxAttemptsPerCode)
        {
            return UserErrors.VerifyCodeExhausted;
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
