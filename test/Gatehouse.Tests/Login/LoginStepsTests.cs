using Gatehouse.Kernel;
using Gatehouse.Login;
using Gatehouse.Oidc;
using Gatehouse.OtpEmail;
using Gatehouse.Users;
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

    private static BrowserSession SignedInWithPassword(string? verifiedEmail = "a@acme.test", bool otpEmail = false) => new("s1",
        Session(password: true),
        new UserRow("user1", "org1", true, UserStates.Active, "alice", "Alice", "Doe", null, null, "en", 0, "a@acme.test", verifiedEmail is not null,
            verifiedEmail, null, null, null, otpEmail, 1, Now, Now));

    [Fact]
    public void Given_force_mfa_and_a_verified_email_without_a_factor_when_the_set_up_is_asked_for_then_it_is_offered() =>
        Assert.True(OtpEmailSetUp.IsOffered(SignedInWithPassword(), SecondFactorDemand.LoginPolicy, OtpEmailPolicy.Default, Now));

    [Fact]
    public void Given_no_verified_email_when_the_set_up_is_asked_for_then_it_is_not_offered_so_codes_cannot_go_to_an_unproven_address() =>
        Assert.False(OtpEmailSetUp.IsOffered(SignedInWithPassword(verifiedEmail: null), SecondFactorDemand.LoginPolicy, OtpEmailPolicy.Default, Now));

    [Fact]
    public void Given_a_user_with_otp_email_when_the_set_up_is_asked_for_then_it_is_not_offered_so_the_code_cannot_be_skipped() =>
        Assert.False(OtpEmailSetUp.IsOffered(SignedInWithPassword(otpEmail: true), SecondFactorDemand.LoginPolicy, OtpEmailPolicy.Default, Now));

    [Fact]
    public void Given_only_the_login_name_when_the_set_up_is_asked_for_then_it_is_not_offered_so_nobody_enrols_without_the_password() =>
        Assert.False(OtpEmailSetUp.IsOffered(SignedInWithPassword() with { Session = Session() }, SecondFactorDemand.LoginPolicy, OtpEmailPolicy.Default, Now));

    [Fact]
    public void Given_an_organization_without_otp_email_when_the_set_up_is_asked_for_then_it_is_not_offered() =>
        Assert.False(OtpEmailSetUp.IsOffered(SignedInWithPassword(), SecondFactorDemand.LoginPolicy,
            OtpEmailPolicy.From(new OtpEmailSettings { DisallowedOrganizations = ["org1"] }, 0), Now));

    [Fact]
    public void Given_no_login_policy_demand_when_the_set_up_is_asked_for_then_it_is_not_offered() =>
        Assert.False(OtpEmailSetUp.IsOffered(SignedInWithPassword(), SecondFactorDemand.Application, OtpEmailPolicy.Default, Now));
}
