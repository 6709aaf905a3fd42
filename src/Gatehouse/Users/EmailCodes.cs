using Gatehouse.Crypto;

namespace Gatehouse.Users;

/// <summary>
/// Draws email verification codes: ZITADEL's generator settings (6 characters, upper-case letters and digits,
/// valid one hour), hashed for the log under their own purpose.
/// </summary>
internal sealed class EmailCodes(ICodeGenerator generator, SecretHasher hasher)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const int Length = 6;

    // Not the purpose of sign-in code mails: someone who types another person's address here must not be able to
    // spend that person's allowance of sign-in codes (both are counted in the same send log).
    private const string RecipientPurpose = "email-verification-recipient";

    public NewCode NewVerificationCode()
    {
        var plain = generator.Generate(CodeAlphabet.UpperAlphanumeric, Length);
        return new NewCode(plain, hasher.Hash(VerifyEmail.CodePurpose, plain), Lifetime);
    }

    public string RecipientHash(string address) => hasher.Hash(RecipientPurpose, address.Trim().ToLowerInvariant());
}
