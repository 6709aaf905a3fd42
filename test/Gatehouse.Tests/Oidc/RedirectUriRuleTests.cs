using Gatehouse.Oidc;

namespace Gatehouse.Tests.Oidc;

/// <summary>Which redirect URIs an application may register, and the form_post page's policy for them.</summary>
public sealed class RedirectUriRuleTests
{
    [Theory]
    [InlineData("https://app.example.com/callback")]
    [InlineData("https://app.example.com:8443/cb?tenant=1")]
    [InlineData("http://127.0.0.1:5000/signin-oidc")]
    [InlineData("http://[::1]:5000/signin-oidc")]
    [InlineData("http://localhost/cb")]
    [InlineData("com.example.app:/oauth2redirect")]
    [InlineData("com.example.app://callback")]
    public void Https_loopback_http_and_reverse_domain_schemes_are_accepted(string uri) =>
        Assert.Null(RedirectUriRule.Problem(uri));

    [Theory]
    [InlineData("javascript:alert(document.domain)", "javascript")]
    [InlineData("JavaScript:alert(1)", "javascript")]
    [InlineData("data:text/html,<script>alert(1)</script>", "data")]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("vbscript:msgbox(1)", "vbscript")]
    public void Script_and_local_schemes_are_refused_by_name(string uri, string scheme) =>
        Assert.Equal($"must not use the {scheme}: scheme", RedirectUriRule.Problem(uri));

    [Theory]
    [InlineData("http://app.example.com/callback")]
    [InlineData("http://127.0.0.1.evil.example/cb")]
    [InlineData("http://localhost.evil.example/cb")]
    public void Http_outside_the_loopback_interface_is_refused(string uri) =>
        Assert.StartsWith("must use https", RedirectUriRule.Problem(uri), StringComparison.Ordinal);

    [Theory]
    [InlineData("/callback", "must be an absolute URI")]
    [InlineData("callback", "must be an absolute URI")]
    [InlineData("not a uri", "must not contain whitespace, control characters or backslashes")]
    [InlineData("https://app.example.com/cb#frag", "must not have a fragment")]
    [InlineData("https://app.example.com@evil.example/cb", "must not contain a user name or password")]
    [InlineData("https://user:pass@app.example.com/cb", "must not contain a user name or password")]
    [InlineData("https://app.example.com/\tcb", "must not contain whitespace, control characters or backslashes")]
    [InlineData("https://app.example.com/cb\n", "must not contain whitespace, control characters or backslashes")]
    [InlineData("https://app.example.com\\@evil.example/", "must not contain whitespace, control characters or backslashes")]
    [InlineData("https:/app.example.com/cb", "must be an absolute URI")]
    [InlineData("myapp:/callback", "must use https, http on loopback, or a private-use scheme in reverse domain form (com.example.app:/callback)")]
    [InlineData("", "must not be empty")]
    [InlineData(null, "must not be empty")]
    public void Relative_fragment_userinfo_whitespace_and_dotless_schemes_are_refused(string? uri, string problem) =>
        Assert.Equal(problem, RedirectUriRule.Problem(uri));

    [Fact]
    public void A_registration_names_the_refused_address_and_why() =>
        Assert.Equal("client shop: post-logout redirect URI \"javascript:alert(1)\" must not use the javascript: scheme",
            OidcClient.Problem("shop", ["https://shop.example/cb"], ["javascript:alert(1)"]));

    [Theory]
    [InlineData("https://app.example.com:8443/cb?x=1", "https://app.example.com:8443")]
    [InlineData("http://127.0.0.1:5000/signin-oidc", "http://127.0.0.1:5000")]
    [InlineData("com.example.app:/cb", "com.example.app:")]
    [InlineData("javascript:alert(1)", "'none'")]
    [InlineData(null, "'none'")]
    public void The_form_post_page_may_post_only_to_the_origin_of_its_redirect_uri(string? redirectUri, string formAction) =>
        Assert.Equal(
            $"default-src 'none'; script-src '{FormPostPolicy.ScriptHash}'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'",
            FormPostPolicy.Policy(redirectUri));
}
