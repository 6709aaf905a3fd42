using Gatehouse.Oidc;

namespace Gatehouse.Tests.Oidc;

public sealed class OidcAcrTests
{
    [Fact]
    public void Without_acr_values_there_is_no_acr_claim() =>
        Assert.Null(OidcAcr.Of(null, ["pwd", "otp", "mfa"]));

    [Theory]
    [InlineData("mfa", "mfa")]
    [InlineData("http://schemas.openid.net/pape/policies/2007/06/multi-factor mfa", "http://schemas.openid.net/pape/policies/2007/06/multi-factor")]
    [InlineData("urn:example:unknown", "mfa")]
    [InlineData("0 mfa", "0")]
    public void A_two_factor_sign_in_names_the_first_value_asked_for_that_it_meets(string asked, string acr) =>
        Assert.Equal(acr, OidcAcr.Of(asked, ["pwd", "otp", "mfa"]));

    [Theory]
    [InlineData("mfa")]
    [InlineData("urn:example:unknown")]
    [InlineData("0")]
    public void A_password_only_sign_in_never_claims_more_than_one_factor(string asked) =>
        Assert.Equal("0", OidcAcr.Of(asked, ["pwd"]));
}
