using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.EventStore;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Tests.Sessions;

/// <summary>The OTP Email challenge and check decisions (docs/acceptance.md §3.1, §3.2) and Gatehouse's limits.</summary>
public sealed class OtpEmailStepsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly SecretHasher Hasher = new(MasterKey.FromBytes(new byte[32]));
    private static readonly OtpEmailSettings Settings = new();
    private static readonly LockoutPolicy NoLockout = new(0, 0);

    private static NewCode Code(string plain = "12345678") => new(plain, Hasher.Hash(OtpEmailSteps.CodePurpose, plain), TimeSpan.FromMinutes(5));

    private static UserState User(bool otp = true, bool locked = false, int failures = 0) => new()
    {
        Kind = UserKind.Human,
        UserName = "alice",
        DisplayName = "Alice Doe",
        Email = "alice@acme.test",
        EmailEverVerified = true,
        VerifiedEmail = "alice@acme.test",
        OtpEmailAdded = otp,
        Locked = locked,
        OtpEmailFailures = failures,
    };

    private static SessionState SessionWithChallenge(DateTimeOffset? expires = null) => new()
    {
        Version = new AggregateVersion(4, "inst", Now, Now),
        User = new UserChecked("user1", "org1", Now, "en"),
        OtpEmailChallenge = new OpenChallenge("s1:3", Code().Hash, expires ?? Now.AddMinutes(5)),
    };

    private static SessionDecision? Check(SessionState session, UserState? user, string code, LockoutPolicy? lockout = null, List<SessionEvent>? events = null, List<UserEvent>? userEvents = null) =>
        OtpEmailSteps.Check(session, user, session.User?.UserId, new OtpEmailCheck(code), Settings, lockout ?? NoLockout, Now, Hasher,
            events ?? [], userEvents ?? [], "s1");

    private static (DomainError? Error, List<SessionEvent> Session, List<UserEvent> User, List<MailRequest> Mails) Challenge(
        UserState? user, OtpDelivery delivery = OtpDelivery.Send, int recentSends = 0, string? sessionUser = "user1")
    {
        var (session, userEvents, mails) = (new List<SessionEvent>(), new List<UserEvent>(), new List<MailRequest>());
        var error = OtpEmailSteps.Challenge(user, sessionUser, new OtpEmailChallengeRequest(delivery, null, Code(), "recipient-hash", recentSends, Now.AddMinutes(-3)),
            Settings, Now, session, userEvents, mails, "s1");
        return (error, session, userEvents, mails);
    }

    [Fact]
    public void A_challenge_without_a_user_on_the_session_fails() =>
        Assert.Equal("COMMAND-JK3gp", Challenge(User(), sessionUser: null).Error?.Id);

    [Fact]
    public void A_challenge_for_a_user_without_the_factor_fails() =>
        Assert.Equal("COMMAND-JKLJ3", Challenge(User(otp: false)).Error?.Id);

    [Fact]
    public void A_challenge_for_a_locked_user_issues_no_code() =>
        Assert.Equal("COMMAND-S6h4R", Challenge(User(locked: true)).Error?.Id);

    [Fact]
    public void A_mailed_challenge_records_the_hash_and_asks_for_a_mail_to_the_verified_address()
    {
        var (error, session, user, mails) = Challenge(User() with { Email = "new-unverified@acme.test" });

        Assert.Null(error);
        var challenged = Assert.IsType<OtpEmailChallenged>(Assert.Single(session));
        Assert.Equal(Code().Hash, challenged.CodeHash);
        Assert.False(challenged.ReturnCode);
        Assert.Equal("recipient-hash", Assert.IsType<OtpEmailCodeAdded>(Assert.Single(user)).Recipient);
        var mail = Assert.Single(mails);
        Assert.Equal("alice@acme.test", mail.Recipient);
        Assert.Equal(Now.AddMinutes(5), mail.NotAfter);
        Assert.Equal("12345678", mail.Values["Code"]);
        Assert.Equal("user.human.mfa.otp.email.code.sent", mail.SentEvent);
    }

    [Fact]
    public void A_returned_code_sends_no_mail()
    {
        var (error, session, _, mails) = Challenge(User(), OtpDelivery.Return);

        Assert.Null(error);
        Assert.True(Assert.IsType<OtpEmailChallenged>(Assert.Single(session)).ReturnCode);
        Assert.Empty(mails);
    }

    [Fact]
    public void A_second_mail_within_the_cooldown_is_refused_with_the_time_to_wait()
    {
        var error = Challenge(User() with { LastOtpEmailMailedAt = Now.AddSeconds(-10) }).Error;

        Assert.Equal(ErrorKind.ResourceExhausted, error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error?.RetryAfter);
    }

    [Fact]
    public void The_cooldown_does_not_apply_to_returned_codes() =>
        Assert.Null(Challenge(User() with { LastOtpEmailMailedAt = Now.AddSeconds(-10) }, OtpDelivery.Return).Error);

    [Fact]
    public void An_address_that_received_its_quota_gets_no_more_mail() =>
        Assert.Equal("SESSION-otpAddr", Challenge(User(), recentSends: 10).Error?.Id);

    [Fact]
    public void A_check_without_a_user_fails() =>
        Assert.Equal("COMMAND-S453v", Check(SessionWithChallenge() with { User = null }, User(), "12345678")?.Error?.Id);

    [Fact]
    public void An_empty_code_fails() => Assert.Equal("COMMAND-SJl2g", Check(SessionWithChallenge(), User(), "")?.Error?.Id);

    [Fact]
    public void A_check_without_the_factor_fails() =>
        Assert.Equal("COMMAND-d2r52", Check(SessionWithChallenge(), User(otp: false), "12345678")?.Error?.Id);

    [Fact]
    public void A_check_without_a_challenge_fails() =>
        Assert.Equal("COMMAND-S34gh", Check(SessionWithChallenge() with { OtpEmailChallenge = null }, User(), "12345678")?.Error?.Id);

    [Fact]
    public void The_right_code_checks_the_factor_on_the_session_and_the_user()
    {
        var (events, userEvents) = (new List<SessionEvent>(), new List<UserEvent>());

        Assert.Null(Check(SessionWithChallenge(), User(), "12345678", events: events, userEvents: userEvents));
        Assert.Equal(Now, Assert.IsType<OtpEmailChecked>(Assert.Single(events)).CheckedAt);
        Assert.IsType<OtpEmailCheckSucceeded>(Assert.Single(userEvents));
    }

    [Fact]
    public void A_wrong_code_is_recorded_against_its_challenge()
    {
        var decision = Check(SessionWithChallenge(), User(), "87654321");

        Assert.Equal("CODE-woT0xc", decision?.Error?.Id);
        Assert.Empty(decision!.Session);
        Assert.Equal("s1:3", Assert.IsType<OtpEmailCheckFailed>(Assert.Single(decision.User)).Challenge);
    }

    [Fact]
    public void An_expired_code_fails_as_expired_and_counts_as_a_failure()
    {
        var decision = Check(SessionWithChallenge(expires: Now.AddMinutes(-1)), User(), "12345678");

        Assert.Equal("CODE-QvUQ4P", decision?.Error?.Id);
        Assert.IsType<OtpEmailCheckFailed>(Assert.Single(decision!.User));
    }

    [Fact]
    public void The_failure_that_reaches_max_otp_attempts_locks_the_user()
    {
        var decision = Check(SessionWithChallenge(), User(failures: 2), "87654321", new LockoutPolicy(0, 3));

        Assert.Collection(decision!.User, e => Assert.IsType<OtpEmailCheckFailed>(e), e => Assert.IsType<UserLocked>(e));
    }

    [Fact]
    public void A_locked_user_cannot_check_even_the_right_code_and_nothing_is_recorded()
    {
        var decision = Check(SessionWithChallenge(), User(locked: true), "12345678");

        Assert.Equal("COMMAND-S6h4R", decision?.Error?.Id);
        Assert.Empty(decision!.User);
    }

    [Fact]
    public void After_five_wrong_codes_the_challenge_is_closed_even_for_the_right_code()
    {
        var user = User() with { OtpEmailChallengeFailures = new Dictionary<string, int> { ["s1:3"] = 5 } };

        Assert.Equal("COMMAND-S34gh", Check(SessionWithChallenge(), user, "12345678")?.Error?.Id);
    }

    [Fact]
    public void Settings_outside_owasp_limits_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new OtpEmailSettings { CodeLength = 4 }.Validated());
        Assert.Throws<InvalidOperationException>(() => new OtpEmailSettings { Expiry = TimeSpan.FromMinutes(15) }.Validated());
        Assert.Same(Settings, Settings.Validated());
    }
}
