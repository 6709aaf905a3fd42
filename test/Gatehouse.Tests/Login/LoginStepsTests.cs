using Gatehouse.Kernel;
using Gatehouse.Login;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;

namespace Gatehouse.Tests.Login;

/// <summary>Which hosted-login step a browser session may use.</summary>
public sealed class LoginStepsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static SessionState Session(bool password = false, bool otp = false) => new()
    {
        Version = new AggregateVersion(3, "org1", Now, Now),
        User = new UserChecked("user1", "org1", Now, "en"),
        PasswordCheckedAt = password ? Now : null,
        OtpEmailCheckedAt = otp ? Now.AddSeconds(30) : null,
    };

    [Fact]
    public void Given_only_the_login_name_when_the_code_step_is_asked_for_then_it_is_closed() =>
        Assert.False(LoginPages.CodeStepIsOpen(Session(), userHasOtpEmail: true, Now));

    [Fact]
    public void Given_the_password_of_a_user_with_otp_email_when_the_code_step_is_asked_for_then_it_is_open() =>
        Assert.True(LoginPages.CodeStepIsOpen(Session(password: true), userHasOtpEmail: true, Now));

    [Fact]
    public void Given_a_user_without_otp_email_when_the_code_step_is_asked_for_then_it_is_closed() =>
        Assert.False(LoginPages.CodeStepIsOpen(Session(password: true), userHasOtpEmail: false, Now));

    [Fact]
    public void Given_a_code_already_checked_when_the_code_step_is_asked_for_then_it_is_closed() =>
        Assert.False(LoginPages.CodeStepIsOpen(Session(password: true, otp: true), userHasOtpEmail: true, Now));
}
