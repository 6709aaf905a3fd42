using Gatehouse.Crypto;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// What the OTP Email decisions need from outside, prepared before them (randomness and the key are services): a
/// freshly drawn code with the configured length and lifetime, the keyed hash of a typed code, and for a mailed code
/// the keyed hash of the address and how many codes it received within the window.
/// </summary>
internal sealed class OtpEmailCodes(ICodeGenerator generator, SecretHasher hasher, OtpEmailPolicy policy, UserQueries users, OtpEmailSendLog sendLog)
{
    public const string CodePurpose = "otp-email";
    private const string RecipientPurpose = "otp-recipient";

    public NewCode NewCode()
    {
        var plain = generator.Generate(CodeAlphabet.Digits, policy.CodeLength);
        return new NewCode(plain, hasher.Hash(CodePurpose, plain), policy.Expiry);
    }

    public OtpEmailCheck CheckOf(string code) => new(code.Length == 0 ? null : hasher.Hash(CodePurpose, code));

    public string RecipientHash(string address) => hasher.Hash(RecipientPurpose, address.Trim().ToLowerInvariant());

    /// <summary>A new code for the challenge; for a mailed code also how often its address got one within the window.</summary>
    public async Task<OtpEmailChallengeRequest> ChallengeAsync(OtpDelivery delivery, string? urlTemplate, string? userId, CancellationToken ct)
    {
        var code = NewCode();
        if (delivery == OtpDelivery.Return || userId is null || await users.GetAsync(userId, ct) is not { VerifiedEmail: { } address })
        {
            return new OtpEmailChallengeRequest(delivery, urlTemplate, code, null, RecentSends.None);
        }

        var recipient = RecipientHash(address);
        return new OtpEmailChallengeRequest(delivery, urlTemplate, code, recipient, await sendLog.RecentAsync(recipient, ct));
    }
}
