using Gatehouse.Kernel;
using Gatehouse.Oidc;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Tests.Oidc;

/// <summary>
/// CreateCallback's rule (docs/zitadel-wire.md §11): given a stored request and a handed-over session, when the login
/// asks for the callback, then it is refused with ZITADEL's (or Gatehouse's) error, or allowed.
/// </summary>
public sealed class AuthRequestCallbackTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 14, 0, 0, TimeSpan.Zero);

    private static AuthRequest Request(AuthRequestState state = AuthRequestState.Added, long? maxAge = null, TimeSpan? left = null) => new(
        "V2_1", "app", "https://app.test/cb", ["openid"], [], [], null, maxAge, null, "client_id=app", Now.AddMinutes(-1),
        Now + (left ?? TimeSpan.FromMinutes(10)), state);

    private static SessionState Session(bool password = true, bool otp = false, bool terminated = false, DateTimeOffset? expires = null) => new()
    {
        Version = new AggregateVersion(3, "org1", Now, Now),
        User = new UserChecked("user1", "org1", Now, "en"),
        PasswordCheckedAt = password ? Now.AddMinutes(-5) : null,
        OtpEmailCheckedAt = otp ? Now.AddMinutes(-4) : null,
        Terminated = terminated,
        ExpiresAt = expires,
    };

    private static UserRow User(bool otpEmail = false, long state = UserStates.Active) => new(
        "user1", "org1", true, state, "alice", "Alice", "Doe", null, null, "en", 0, "a@acme.test", true, "a@acme.test", null, null, null,
        otpEmail, 1, Now, Now);

    private static readonly CallbackRules Open = new(SecondFactor: SecondFactorDemand.None, OrganizationAdmitted: true);

    private static DomainError? When(AuthRequest? request, SessionState session, UserRow? user = null, CallbackRules? rules = null, bool tokenMatches = true) =>
        AuthRequestCallback.Decide(request, new CallbackSession(session, user ?? User(), tokenMatches), rules ?? Open, Now);

    [Fact]
    public void Given_a_waiting_request_and_a_password_session_when_nothing_asks_for_more_then_the_callback_is_allowed() =>
        Assert.Null(When(Request(), Session()));

    [Fact]
    public void Given_an_unknown_request_then_it_is_not_found() =>
        Assert.Equal(AuthRequestErrors.CallbackNotExisting, When(null, Session()));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Given_a_request_already_handled_then_a_second_callback_fails_with_already_handled(int state) =>
        Assert.Equal(AuthRequestErrors.AlreadyHandled, When(Request((AuthRequestState)state), Session()));

    [Fact]
    public void Given_an_expired_request_then_it_is_not_found() =>
        Assert.Equal(AuthRequestErrors.CallbackNotExisting, When(Request(left: TimeSpan.Zero), Session()));

    [Fact]
    public void Given_a_terminated_session_then_it_is_refused_as_terminated() =>
        Assert.Equal(SessionErrors.Terminated, When(Request(), Session(terminated: true)));

    [Fact]
    public void Given_an_expired_session_then_it_is_refused_as_expired() =>
        Assert.Equal(SessionErrors.Expired, When(Request(), Session(expires: Now)));

    [Fact]
    public void Given_a_wrong_session_token_then_a_login_cannot_hand_over_a_session_it_does_not_hold() =>
        Assert.Equal(SessionErrors.TokenMismatch, When(Request(), Session(), tokenMatches: false));

    [Fact]
    public void Given_a_locked_user_then_no_code_is_issued() =>
        Assert.Equal(SessionErrors.UserNotActive, When(Request(), Session(), User(state: UserStates.Locked)));

    [Fact]
    public void Given_a_session_without_password_then_it_is_refused() =>
        Assert.Equal(AuthRequestErrors.NoPassword, When(Request(), Session(password: false)));

    [Fact]
    public void Given_a_password_only_session_when_the_application_requires_mfa_then_the_second_factor_is_missing() =>
        Assert.Equal(AuthRequestErrors.SecondFactorMissing, When(Request(), Session(), rules: Open with { SecondFactor = SecondFactorDemand.Application }));

    [Fact]
    public void Given_a_password_only_session_of_a_user_with_otp_email_then_the_code_is_still_due() =>
        Assert.Equal(AuthRequestErrors.SecondFactorMissing, When(Request(), Session(), User(otpEmail: true)));

    [Fact]
    public void Given_both_factors_when_the_application_requires_mfa_then_the_callback_is_allowed() =>
        Assert.Null(When(Request(), Session(otp: true), User(otpEmail: true), Open with { SecondFactor = SecondFactorDemand.Application }));

    [Fact]
    public void Given_a_password_only_session_when_the_login_policy_forces_mfa_then_the_second_factor_is_missing() =>
        Assert.Equal(AuthRequestErrors.SecondFactorMissing, When(Request(), Session(), rules: Open with { SecondFactor = SecondFactorDemand.LoginPolicy }));

    [Fact]
    public void Given_both_factors_when_the_login_policy_forces_mfa_then_the_callback_is_allowed() =>
        Assert.Null(When(Request(), Session(otp: true), User(otpEmail: true), Open with { SecondFactor = SecondFactorDemand.LoginPolicy }));

    [Fact]
    public void Given_a_user_of_another_organization_than_the_scopes_name_then_it_is_refused() =>
        Assert.Equal(AuthRequestErrors.WrongOrganization, When(Request(), Session(), rules: Open with { OrganizationAdmitted = false }));

    [Fact]
    public void Given_a_sign_in_older_than_max_age_then_it_is_refused() =>
        Assert.Equal(AuthRequestErrors.TooOld, When(Request(maxAge: 60), Session()));

    [Fact]
    public void Given_a_sign_in_within_max_age_then_the_callback_is_allowed() =>
        Assert.Null(When(Request(maxAge: 3600), Session()));
}
