using Gatehouse.Instance;
using Gatehouse.Kernel;
using Gatehouse.Oidc;
using Gatehouse.Sessions;

namespace Gatehouse.Tests.Oidc;

/// <summary>
/// The one rule every path asks (authorization endpoint, CreateCallback, hosted login): given a session, the user's
/// factors and the login policy, when a request with these demands comes, then the session is enough or a step is due.
/// </summary>
public sealed class SecondFactorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 14, 0, 0, TimeSpan.Zero);
    private static readonly LoginPolicy Lenient = new();
    private static readonly LoginPolicy ForceMfa = new() { ForceMfa = true };

    private static SessionState Session(bool otp = false) => new()
    {
        Version = new AggregateVersion(3, "org1", Now, Now),
        User = new UserChecked("user1", "org1", Now, "en"),
        PasswordCheckedAt = Now.AddMinutes(-2),
        OtpEmailCheckedAt = otp ? Now.AddMinutes(-1) : null,
    };

    [Fact]
    public void Given_no_policy_and_a_plain_request_then_nothing_demands_a_second_factor() =>
        Assert.Equal(SecondFactorDemand.None, SecondFactor.Demand([], clientRequiresMfa: false, Lenient));

    [Fact]
    public void Given_acr_values_mfa_then_the_application_demands_a_second_factor() =>
        Assert.Equal(SecondFactorDemand.Application, SecondFactor.Demand(["mfa"], clientRequiresMfa: false, Lenient));

    [Fact]
    public void Given_a_client_registered_with_require_mfa_then_the_application_demands_a_second_factor() =>
        Assert.Equal(SecondFactorDemand.Application, SecondFactor.Demand([], clientRequiresMfa: true, Lenient));

    [Fact]
    public void Given_force_mfa_then_the_login_policy_demands_a_second_factor_of_every_request() =>
        Assert.Equal(SecondFactorDemand.LoginPolicy, SecondFactor.Demand([], clientRequiresMfa: false, ForceMfa));

    [Fact]
    public void Given_force_mfa_and_an_application_demand_then_the_login_policy_is_named() =>
        Assert.Equal(SecondFactorDemand.LoginPolicy, SecondFactor.Demand(["mfa"], clientRequiresMfa: true, ForceMfa));

    [Fact]
    public void Given_force_mfa_when_a_password_only_user_without_a_factor_signs_in_then_the_second_factor_is_missing() =>
        Assert.Equal(SignInStep.SecondFactorMissing, SecondFactor.Next(Session(), userHasOtpEmail: false, SecondFactorDemand.LoginPolicy, Now));

    [Fact]
    public void Given_force_mfa_when_a_user_with_otp_email_has_only_the_password_then_the_code_is_due() =>
        Assert.Equal(SignInStep.OtpEmail, SecondFactor.Next(Session(), userHasOtpEmail: true, SecondFactorDemand.LoginPolicy, Now));

    [Fact]
    public void Given_force_mfa_when_the_code_is_checked_then_the_session_is_enough() =>
        Assert.Equal(SignInStep.Done, SecondFactor.Next(Session(otp: true), userHasOtpEmail: true, SecondFactorDemand.LoginPolicy, Now));

    [Fact]
    public void Given_no_demand_when_a_password_only_user_without_a_factor_signs_in_then_the_session_is_enough() =>
        Assert.Equal(SignInStep.Done, SecondFactor.Next(Session(), userHasOtpEmail: false, SecondFactorDemand.None, Now));
}
