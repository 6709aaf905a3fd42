using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>Issue #12, finding 7: verification mails get the cooldown and per-address cap of sign-in code mails.</summary>
public sealed class VerificationMailLimitTests
{
    private static readonly SecretHasher Hasher = new(MasterKey.FromBytes(new byte[32]));
    private static readonly VerificationLimits Limits = new(TimeSpan.FromSeconds(30), 10, TimeSpan.FromMinutes(10), 5);

    // UserScenario stores every given event ten minutes before Now.
    private static readonly DateTimeOffset JustAfterTheGivenEvents = Now.AddMinutes(-10).AddSeconds(5);

    private static VerificationSend Send(DateTimeOffset now, int recentSends = 0, DateTimeOffset? oldest = null) =>
        new(new NewCode("NEW123", Hasher.Hash(VerifyEmail.CodePurpose, "NEW123"), TimeSpan.FromHours(1)), "recipient", recentSends, oldest, now);

    private static EmailCodeAdded Mailed() => new(Hasher.Hash(VerifyEmail.CodePurpose, "OLD123"), TimeSpan.FromHours(1).Ticks * 100, null, CodeReturned: false);

    private static EmailCodeAdded Returned() => new(Hasher.Hash(VerifyEmail.CodePurpose, "OLD123"), TimeSpan.FromHours(1).Ticks * 100, null, CodeReturned: true);

    [Fact]
    public void A_resend_within_the_cooldown_of_the_last_mail_is_refused_with_resource_exhausted() =>
        Given(Human(), Mailed()).When(s => ResendEmailCode.Decide(s, Send(JustAfterTheGivenEvents), Limits))
            .ThenFails("USER-mailCool", ErrorKind.ResourceExhausted);

    [Fact]
    public void A_change_of_address_within_the_cooldown_is_refused_too() =>
        Given(Human(), Mailed()).When(s => ChangeEmail.Decide(s, "other@acme.test", Send(JustAfterTheGivenEvents), Limits))
            .ThenFails("USER-mailCool", ErrorKind.ResourceExhausted);

    [Fact]
    public void The_refusal_says_when_to_retry()
    {
        var state = Given(Human(), Mailed()).State;

        var error = VerificationMailLimit.Check(state, Send(JustAfterTheGivenEvents), Limits);

        Assert.Equal(TimeSpan.FromSeconds(25), error?.RetryAfter);
        Assert.Equal("retry in 25s", error?.Hint);
    }

    [Fact]
    public void A_resend_after_the_cooldown_records_a_code_for_the_address() =>
        Given(Human(), Mailed()).When(s => ResendEmailCode.Decide(s, Send(Now), Limits)).Then(Mailed());

    [Fact]
    public void A_returned_code_starts_no_cooldown() =>
        Given(Human(), Returned()).When(s => ResendEmailCode.Decide(s, Send(JustAfterTheGivenEvents), Limits)).Then(Mailed());

    [Fact]
    public void An_address_that_got_the_maximum_within_the_window_gets_no_more() =>
        Given(Human()).When(s => ChangeEmail.Decide(s, "victim@acme.test", Send(Now, recentSends: 10, oldest: Now.AddMinutes(-4)), Limits))
            .ThenFails("USER-mailAddr", ErrorKind.ResourceExhausted);

    [Fact]
    public void The_address_limit_says_when_its_oldest_mail_leaves_the_window()
    {
        var state = Given(Human()).State;

        var error = VerificationMailLimit.Check(state, Send(Now, recentSends: 10, oldest: Now.AddMinutes(-4)), Limits);

        Assert.Equal(TimeSpan.FromMinutes(6), error?.RetryAfter);
    }

    [Fact]
    public void An_address_below_the_maximum_gets_the_mail() =>
        Given(Human()).When(s => ChangeEmail.Decide(s, "victim@acme.test", Send(Now, recentSends: 9, oldest: Now.AddMinutes(-4)), Limits))
            .Then(new EmailChanged("victim@acme.test"), Mailed());

    [Fact]
    public void The_recorded_code_carries_the_recipient_hash_for_the_send_log()
    {
        var decision = ResendEmailCode.Decide(Given(Human()).State, Send(Now), Limits);

        Assert.Equal("recipient", Assert.IsType<EmailCodeAdded>(Assert.Single(decision.Events)).Recipient);
    }

    [Fact]
    public void A_cooldown_of_zero_refuses_nothing_even_when_the_last_mail_looks_newer_than_now()
    {
        var state = Given(Human(), Mailed()).State;

        var error = VerificationMailLimit.Check(state, Send(Now.AddMinutes(-11)), Limits with { SendCooldown = TimeSpan.Zero });

        Assert.Null(error);
    }
}
