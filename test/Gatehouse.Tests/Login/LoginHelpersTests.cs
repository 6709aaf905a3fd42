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
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("\t//evil.example")]
    [InlineData("/ /evil.example")]
    [InlineData("/\u00a0/evil.example")]
    [InlineData("/\u200b/evil.example")]
    [InlineData("/\u0000/evil.example")]
    [InlineData("/\u007f/evil.example")]
    [InlineData("/ui/\\evil.example")]
    [InlineData("/ui/security?x=<script>")]
    [InlineData("/ui/security?x=%zz")]
    [InlineData("/ui/security?x=%2")]
    [InlineData("/ui/security%")]
    [InlineData("\\evil.example")]
    [InlineData("evil.example")]
    [InlineData("javascript:alert(1)")]
    public void A_return_url_that_a_browser_could_resolve_to_another_origin_goes_to_the_security_page(string given) =>
        Assert.Equal(ReturnUrl.Home, ReturnUrl.Safe(given));

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/security")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%E2%80%8B/x")]
    [InlineData("/oauth/v2/authorize?client_id=a&redirect_uri=https%3A%2F%2Fapp.test%2Fcb&scope=openid%20profile&state=s~1#frag")]
    [InlineData("/a/b;c=d/e:f@g!$&'()*+,")]
    public void A_same_origin_path_with_only_safe_or_percent_encoded_characters_is_kept(string given) =>
        Assert.Equal(given, ReturnUrl.Safe(given));

    [Theory]
    [InlineData("jane@example.com", "j•••@example.com")]
    [InlineData("x@y.z", "x•••@y.z")]
    [InlineData("no-at-sign", "•••")]
    [InlineData(null, "•••")]
    public void Addresses_are_masked_to_their_first_letter_and_domain(string? email, string expected) =>
        Assert.Equal(expected, MaskedEmail.Of(email));
}
