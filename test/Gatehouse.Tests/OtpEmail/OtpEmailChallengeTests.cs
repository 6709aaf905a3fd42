using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;
using static Gatehouse.Tests.OtpEmail.OtpEmailScenario;

namespace Gatehouse.Tests.OtpEmail;

/// <summary>The OTP Email challenge (docs/acceptance.md §3.1) and Gatehouse's mail limits.</summary>
public sealed class OtpEmailChallengeTests
{
    private static readonly long FiveMinutes = TimeSpan.FromMinutes(5).Ticks * 100;

    [Fact]
    public void A_challenge_without_a_user_on_the_session_fails_with_user_id_missing() =>
        Given(Enrolled()).When(Challenge(userId: null)).ThenFails(OtpEmailErrors.ChallengeWithoutUser);

    [Fact]
    public void A_challenge_for_a_user_without_the_factor_fails_with_not_ready() =>
        Given([Human(), new EmailVerified()]).When(Challenge()).ThenFails(OtpEmailErrors.ChallengeNotReady);

    [Fact]
    public void A_challenge_in_an_organization_that_disallows_the_factor_fails() =>
        Given(Enrolled()).With(OtpEmailPolicy.Default with { DisallowedOrganizations = [OrgId] }).When(Challenge())
            .ThenFails(OtpEmailErrors.NotAllowed);

    [Fact]
    public void A_challenge_for_a_locked_user_issues_no_code() =>
        Given(Enrolled(new UserLocked())).When(Challenge()).ThenFails(OtpEmailErrors.UserLocked);

    [Fact]
    public void A_mailed_challenge_records_the_hash_on_the_session_and_the_recipient_on_the_user() =>
        Given(Enrolled()).When(Challenge())
            .Then([new OtpEmailChallenged(Code().Hash, FiveMinutes, ReturnCode: false, UrlTmpl: null)],
                new OtpEmailCodeAdded(SessionId, FiveMinutes, CodeReturned: false, Recipient: "recipient-hash"));

    [Fact]
    public void A_mailed_code_goes_to_the_verified_address_not_a_newer_unverified_one()
    {
        var scenario = Given(Enrolled(new EmailChanged("new-unverified@acme.test"))).When(Challenge());

        var mail = Assert.Single(scenario.Mails);
        Assert.Equal(("VerifyEmailOTP", "alice@acme.test", "en"), (mail.Template, mail.Recipient, mail.Language));
        Assert.Equal(Now.AddMinutes(5), mail.NotAfter);
        Assert.Equal("user.human.mfa.otp.email.code.sent", mail.SentEvent);
        Assert.Equal(("12345678", UserId, SessionId, "alice"), (mail.Values["Code"], mail.Values["UserID"], mail.Values["SessionID"], mail.Values["LoginName"]));
        Assert.Null(scenario.ReturnedCode);
    }

    [Fact]
    public void A_returned_code_sends_no_mail_and_records_no_recipient()
    {
        var scenario = Given(Enrolled()).When(Challenge(OtpDelivery.Return));

        scenario.Then([new OtpEmailChallenged(Code().Hash, FiveMinutes, ReturnCode: true, UrlTmpl: null)],
            new OtpEmailCodeAdded(SessionId, FiveMinutes, CodeReturned: true, Recipient: null));
        Assert.Empty(scenario.Mails);
        Assert.Equal("12345678", scenario.ReturnedCode);
    }

    [Fact]
    public void A_second_mail_within_the_cooldown_is_refused_with_the_time_to_wait() =>
        Given(Enrolled()).AndUser(Now.AddSeconds(-10), Mailed()).When(Challenge()).ThenFails(OtpEmailErrors.SendCooldown(TimeSpan.FromSeconds(20)));

    [Fact]
    public void A_mail_after_the_cooldown_is_sent() =>
        Assert.Single(Given(Enrolled()).AndUser(Now.AddSeconds(-31), Mailed()).When(Challenge()).Mails);

    [Fact]
    public void A_returned_code_does_not_start_the_cooldown() =>
        Assert.Single(Given(Enrolled()).AndUser(Now.AddSeconds(-10), Mailed() with { CodeReturned = true }).When(Challenge()).Mails);

    [Fact]
    public void The_cooldown_does_not_apply_to_returned_codes() =>
        Assert.Equal("12345678", Given(Enrolled()).AndUser(Now.AddSeconds(-10), Mailed()).When(Challenge(OtpDelivery.Return)).ReturnedCode);

    [Fact]
    public void An_address_that_received_its_quota_gets_no_more_mail_until_the_oldest_leaves_the_window() =>
        Given(Enrolled()).When(Challenge(sends: new RecentSends(10, Now.AddMinutes(-3))))
            .ThenFails(OtpEmailErrors.AddressLimit(TimeSpan.FromMinutes(7)));

    [Fact]
    public void An_address_below_its_quota_gets_the_mail() =>
        Assert.Single(Given(Enrolled()).When(Challenge(sends: new RecentSends(9, Now.AddMinutes(-3)))).Mails);

    private static OtpEmailCodeAdded Mailed() => new("s0", FiveMinutes, CodeReturned: false, Recipient: "recipient-hash");
}
