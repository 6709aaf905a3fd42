using Gatehouse.Login;

namespace Gatehouse.Tests.Login;

/// <summary>How long the login cookie lives: short while the sign-in is unfinished, the normal lifetime once it is done.</summary>
public sealed class LoginLifetimeTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Unfinished = TimeSpan.FromMinutes(15);

    [Fact]
    public void Given_a_new_sign_in_when_the_cookie_is_issued_then_it_expires_after_the_unfinished_lifetime() =>
        Assert.Equal(Now + Unfinished, LoginCookie.ExpiresAt(finished: false, currentExpiry: null, Now, Unfinished));

    [Fact]
    public void Given_an_unfinished_sign_in_when_a_step_renews_the_cookie_then_the_first_deadline_stays() =>
        Assert.Equal(Now.AddMinutes(3), LoginCookie.ExpiresAt(finished: false, currentExpiry: Now.AddMinutes(3), Now, Unfinished));

    [Fact]
    public void Given_a_finished_sign_in_when_the_cookie_is_renewed_then_it_gets_the_normal_lifetime() =>
        Assert.Null(LoginCookie.ExpiresAt(finished: true, currentExpiry: Now.AddMinutes(3), Now, Unfinished));
}
