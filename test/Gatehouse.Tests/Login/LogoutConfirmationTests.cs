using Gatehouse.Oidc;
using Gatehouse.Login;

namespace Gatehouse.Tests.Login;

/// <summary>When RP-initiated logout must ask the user before it ends the session.</summary>
public sealed class LogoutConfirmationTests
{
    [Fact]
    public void Given_a_signed_in_session_when_a_logout_comes_without_a_hint_then_the_user_is_asked() =>
        Assert.True(LogoutConfirmation.IsNeeded("s1", hintSessionId: null, confirmedByForm: false));

    [Fact]
    public void Given_a_signed_in_session_when_the_hint_is_of_another_session_then_the_user_is_asked() =>
        Assert.True(LogoutConfirmation.IsNeeded("s1", hintSessionId: "s2", confirmedByForm: false));

    [Fact]
    public void Given_a_signed_in_session_when_the_hint_is_of_this_session_then_it_ends_at_once() =>
        Assert.False(LogoutConfirmation.IsNeeded("s1", hintSessionId: "s1", confirmedByForm: false));

    [Fact]
    public void Given_a_signed_in_session_when_the_user_confirmed_then_it_ends() =>
        Assert.False(LogoutConfirmation.IsNeeded("s1", hintSessionId: null, confirmedByForm: true));

    [Fact]
    public void Given_no_session_when_a_logout_comes_then_there_is_nothing_to_ask() =>
        Assert.False(LogoutConfirmation.IsNeeded(null, hintSessionId: null, confirmedByForm: false));
}
