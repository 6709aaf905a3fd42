using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;
using static Gatehouse.Tests.OtpEmail.OtpEmailScenario;

namespace Gatehouse.Tests.OtpEmail;

/// <summary>The OTP Email check (docs/acceptance.md §3.2) and Gatehouse's limits on guessing.</summary>
public sealed class OtpEmailCheckTests
{
    [Fact]
    public void A_check_on_a_session_without_a_user_fails_with_user_id_missing() =>
        Given(Enrolled(), Challenged()).When(Check("12345678", userId: null)).ThenFails(OtpEmailErrors.CheckWithoutUser);

    [Fact]
    public void An_empty_code_fails_with_code_empty() =>
        Given(Enrolled(), Challenged()).When(Check("")).ThenFails(OtpEmailErrors.CodeEmpty);

    [Fact]
    public void A_check_for_a_user_without_the_factor_fails_with_not_ready() =>
        Given([Human(), new EmailVerified()], Challenged()).When(Check("12345678")).ThenFails(OtpEmailErrors.CheckNotReady);

    [Fact]
    public void A_check_after_the_factor_was_removed_fails_with_not_ready() =>
        Given(Enrolled(new OtpEmailRemoved()), Challenged()).When(Check("12345678")).ThenFails(OtpEmailErrors.CheckNotReady);

    [Fact]
    public void A_check_without_a_challenge_fails_with_code_not_found() =>
        Given(Enrolled()).When(Check("12345678")).ThenFails(OtpEmailErrors.NoOpenChallenge);

    [Fact]
    public void The_right_code_checks_the_factor_on_the_session_and_resets_nothing_else() =>
        Given(Enrolled(), Challenged()).When(Check("12345678"))
            .Then([new OtpEmailChecked(Now)], new OtpEmailCheckSucceeded(SessionId));

    [Fact]
    public void A_right_code_cannot_be_used_twice() =>
        Given(Enrolled(), Challenged(), new OtpEmailChecked(Before)).When(Check("12345678")).ThenFails(OtpEmailErrors.NoOpenChallenge);

    [Fact]
    public void A_new_challenge_replaces_the_previous_code() =>
        Given(Enrolled(), Challenged("11111111"), Challenged("22222222")).When(Check("11111111"))
            .ThenFails(OtpEmailErrors.CodeInvalid, new OtpEmailCheckFailed(SessionId, $"{SessionId}:2"));

    [Fact]
    public void A_wrong_code_is_recorded_against_its_challenge_and_nothing_is_written_to_the_session() =>
        Given(Enrolled(), Challenged()).When(Check("87654321"))
            .ThenFails(OtpEmailErrors.CodeInvalid, new OtpEmailCheckFailed(SessionId, FirstChallenge));

    [Fact]
    public void An_expired_code_fails_as_expired_and_counts_as_a_failure() =>
        Given(Enrolled(), Challenged(expiresAfter: TimeSpan.FromSeconds(30))).When(Check("12345678"))
            .ThenFails(OtpEmailErrors.CodeExpired, new OtpEmailCheckFailed(SessionId, FirstChallenge));

    [Fact]
    public void The_failure_that_reaches_max_otp_attempts_locks_the_user() =>
        Given(Enrolled(Failed(), Failed()), Challenged()).With(OtpEmailPolicy.Default with { MaxOtpAttempts = 3 }).When(Check("87654321"))
            .ThenFails(OtpEmailErrors.CodeInvalid, new OtpEmailCheckFailed(SessionId, FirstChallenge), new UserLocked());

    [Fact]
    public void A_right_code_resets_the_lockout_count() =>
        Given(Enrolled(Failed(), Failed(), new OtpEmailCheckSucceeded("s0")), Challenged()).With(OtpEmailPolicy.Default with { MaxOtpAttempts = 3 })
            .When(Check("87654321")).ThenFails(OtpEmailErrors.CodeInvalid, new OtpEmailCheckFailed(SessionId, FirstChallenge));

    [Fact]
    public void Without_max_otp_attempts_wrong_codes_never_lock() =>
        Given(Enrolled(Failed(), Failed(), Failed()), Challenged()).When(Check("87654321"))
            .ThenFails(OtpEmailErrors.CodeInvalid, new OtpEmailCheckFailed(SessionId, FirstChallenge));

    [Fact]
    public void A_locked_user_cannot_check_even_the_right_code_and_nothing_is_recorded() =>
        Given(Enrolled(new UserLocked()), Challenged()).When(Check("12345678")).ThenFails(OtpEmailErrors.UserLocked);

    [Fact]
    public void An_unlocked_user_can_check_again() =>
        Given(Enrolled(new UserLocked(), new UserUnlocked()), Challenged()).When(Check("12345678"))
            .Then([new OtpEmailChecked(Now)], new OtpEmailCheckSucceeded(SessionId));

    [Fact]
    public void After_five_wrong_codes_the_challenge_is_closed_even_for_the_right_code() =>
        Given(Enrolled(Failed(), Failed(), Failed(), Failed(), Failed()), Challenged()).When(Check("12345678"))
            .ThenFails(OtpEmailErrors.NoOpenChallenge);

    [Fact]
    public void Wrong_codes_for_an_earlier_challenge_do_not_close_a_new_one() =>
        Given(Enrolled(Failed(), Failed(), Failed(), Failed(), Failed()), Challenged("11111111"), Challenged("12345678")).When(Check("12345678"))
            .Then([new OtpEmailChecked(Now)], new OtpEmailCheckSucceeded(SessionId));

    /// <summary>A wrong code for the session's first challenge.</summary>
    private static OtpEmailCheckFailed Failed() => new(SessionId, FirstChallenge);
}
