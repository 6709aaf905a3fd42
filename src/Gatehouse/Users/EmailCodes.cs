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

    public NewCode NewVerificationCode()
    {
        var plain = generator.Generate(CodeAlphabet.UpperAlphanumeric, Length);
        return new NewCode(plain, hasher.Hash(VerifyEmail.CodePurpose, plain), Lifetime);
    }
}
