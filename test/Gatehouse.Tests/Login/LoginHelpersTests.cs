using Gatehouse.Login;

namespace Gatehouse.Tests.Login;

/// <summary>The login's small security rules: no open redirects, masked addresses.</summary>
public sealed class LoginHelpersTests
{
    [Theory]
    [InlineData("/oauth/v2/authorize?client_id=a", "/oauth/v2/authorize?client_id=a")]
    [InlineData("https://evil.example/", ReturnUrl.Home)]
    [InlineData("//evil.example/", ReturnUrl.Home)]
    [InlineData("/\\evil.example/", ReturnUrl.Home)]
    [InlineData("", ReturnUrl.Home)]
    [InlineData(null, ReturnUrl.Home)]
    public void Only_local_paths_are_followed_after_sign_in(string? given, string expected) =>
        Assert.Equal(expected, ReturnUrl.Safe(given));

    [Theory]
    [InlineData("jane@example.com", "j•••@example.com")]
    [InlineData("x@y.z", "x•••@y.z")]
    [InlineData("no-at-sign", "•••")]
    [InlineData(null, "•••")]
    public void Addresses_are_masked_to_their_first_letter_and_domain(string? email, string expected) =>
        Assert.Equal(expected, Html.MaskEmail(email));
}
