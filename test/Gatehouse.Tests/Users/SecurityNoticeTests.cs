using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>
/// Issue #12, finding 18: the user was not told when the email changed or OTP Email was removed (ASVS 5.0 V6.3.7). The
/// removal's notice is tested with the factor (<c>OtpEmail/OtpEmailEnrolmentTests</c>).
/// </summary>
public sealed class SecurityNoticeTests
{
    private static readonly SecretHasher Hasher = new(MasterKey.FromBytes(new byte[32]));

    private static VerificationSend Send() =>
        new(new NewCode("NEW123", Hasher.Hash(VerifyEmail.CodePurpose, "NEW123"), TimeSpan.FromHours(1)), "recipient", 0, null, Now);

    private static HumanAdded German() => Human() with { PreferredLanguage = "de" };

    [Fact]
    public void Changing_the_email_tells_the_verified_address_without_the_code_or_the_new_address()
    {
        var decision = ChangeEmail.Decide(Given(Human("alice@acme.test"), new EmailVerified()).State, "mallory@evil.test", Send(), VerificationLimits.Default);

        var notice = Assert.Single(decision.Mails);
        Assert.Equal((SecurityNotice.EmailChanged, "alice@acme.test"), (notice.Template, notice.Recipient));
        Assert.DoesNotContain(notice.Values.Values, v => v.Contains("NEW123", StringComparison.Ordinal) || v.Contains("mallory", StringComparison.Ordinal));
        Assert.Null(notice.SentEvent);
    }

    [Fact]
    public void Changing_again_before_verifying_still_tells_the_address_that_was_verified()
    {
        var state = Given(Human("alice@acme.test"), new EmailVerified(), new EmailChanged("typo@acme.test")).State;

        var decision = ChangeEmail.Decide(state, "other@acme.test", Send(), VerificationLimits.Default);

        Assert.Equal("alice@acme.test", Assert.Single(decision.Mails).Recipient);
    }

    [Fact]
    public void Changing_back_to_the_verified_address_needs_no_notice()
    {
        var state = Given(Human("alice@acme.test"), new EmailVerified(), new EmailChanged("typo@acme.test")).State;

        Assert.Empty(ChangeEmail.Decide(state, "alice@acme.test", Send(), VerificationLimits.Default).Mails);
    }

    [Fact]
    public void A_user_who_never_verified_an_address_gets_no_notice_at_an_unproven_one() =>
        Assert.Empty(ChangeEmail.Decide(Given(Human()).State, "other@acme.test", Send(), VerificationLimits.Default).Mails);
}
