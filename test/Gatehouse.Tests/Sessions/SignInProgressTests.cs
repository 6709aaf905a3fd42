using Gatehouse.Kernel;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;

namespace Gatehouse.Tests.Sessions;

/// <summary>What the hosted login asks next, and the amr values an application sees (RFC 8176).</summary>
public sealed class SignInProgressTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static SessionState Session(bool password = false, bool otp = false, bool terminated = false, DateTimeOffset? expires = null) => new()
    {
        Version = new AggregateVersion(3, "org1", Now, Now),
        User = new UserChecked("user1", "org1", Now, "en"),
        PasswordCheckedAt = password ? Now : null,
        OtpEmailCheckedAt = otp ? Now.AddSeconds(30) : null,
        Terminated = terminated,
        ExpiresAt = expires,
    };

    [Fact]
    public void A_checked_user_is_asked_for_the_password_first() =>
        Assert.Equal(SignInStep.Password, SignInProgress.Next(Session(), userHasOtpEmail: true, secondFactorRequired: true, Now));

    [Fact]
    public void A_user_with_otp_email_is_always_asked_for_the_code() =>
        Assert.Equal(SignInStep.OtpEmail, SignInProgress.Next(Session(password: true), userHasOtpEmail: true, secondFactorRequired: false, Now));

    [Fact]
    public void A_password_is_enough_when_neither_user_nor_application_has_a_second_factor() =>
        Assert.Equal(SignInStep.Done, SignInProgress.Next(Session(password: true), userHasOtpEmail: false, secondFactorRequired: false, Now));

    [Fact]
    public void An_application_that_requires_a_second_factor_stops_a_user_without_one() =>
        Assert.Equal(SignInStep.SecondFactorMissing, SignInProgress.Next(Session(password: true), userHasOtpEmail: false, secondFactorRequired: true, Now));

    [Fact]
    public void Password_and_code_complete_the_sign_in() =>
        Assert.Equal(SignInStep.Done, SignInProgress.Next(Session(password: true, otp: true), userHasOtpEmail: true, secondFactorRequired: true, Now));

    [Fact]
    public void Ended_and_expired_sessions_start_over_at_the_login_name()
    {
        Assert.Equal(SignInStep.LoginName, SignInProgress.Next(Session(password: true, terminated: true), false, false, Now));
        Assert.Equal(SignInStep.LoginName, SignInProgress.Next(Session(password: true, expires: Now), false, false, Now));
        Assert.Equal(SignInStep.LoginName, SignInProgress.Next(new SessionState(), false, false, Now));
    }

    [Fact]
    public void Amr_names_each_checked_factor_and_mfa_for_two()
    {
        Assert.Equal(["pwd"], SignInProgress.AuthenticationMethods(Session(password: true)));
        Assert.Equal(["pwd", "otp", "mfa"], SignInProgress.AuthenticationMethods(Session(password: true, otp: true)));
        Assert.Equal(Now.AddSeconds(30), SignInProgress.AuthenticatedAt(Session(password: true, otp: true)));
    }
}
