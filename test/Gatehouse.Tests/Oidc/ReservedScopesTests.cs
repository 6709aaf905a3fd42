using Gatehouse.Oidc;

namespace Gatehouse.Tests.Oidc;

public sealed class ReservedScopesTests
{
    [Theory]
    [InlineData("phone", true)]
    [InlineData("address", true)]
    [InlineData("urn:zitadel:iam:user:resourceowner", true)]
    [InlineData("urn:zitadel:iam:org:id:123", true)]
    [InlineData("urn:zitadel:iam:org:id:", false)]
    [InlineData("urn:zitadel:iam:org:domain:primary:acme.test", true)]
    [InlineData("urn:zitadel:iam:org:project:id:42:aud", true)]
    [InlineData("urn:zitadel:iam:org:project:id::aud", false)]
    [InlineData("urn:zitadel:iam:org:project:id:42", false)]
    [InlineData("urn:zitadel:iam:org:project:role:admin", true)]
    [InlineData("urn:zitadel:iam:org:projects:roles", true)]
    [InlineData("urn:example:other", false)]
    public void Only_standard_and_zitadel_scopes_are_served(string scope, bool served) =>
        Assert.Equal(served, OidcScopes.IsServed(scope));

    [Fact]
    public void Project_scopes_become_audiences_and_zitadel_its_api_audience()
    {
        var scopes = ReservedScopes.Of(["openid", "urn:zitadel:iam:org:project:id:zitadel:aud", "urn:zitadel:iam:org:project:id:42:aud"]);

        Assert.Equal(["zitadel", "42"], scopes.Audiences);
        Assert.False(scopes.ResourceOwner);
        Assert.False(scopes.Metadata);
    }

    [Fact]
    public void A_user_of_another_organization_is_not_admitted()
    {
        var scopes = ReservedScopes.Of(["openid", "urn:zitadel:iam:org:id:acme"]);

        Assert.True(scopes.Admits("acme", "acme.localhost"));
        Assert.False(scopes.Admits("other", "other.localhost"));
    }

    [Fact]
    public void The_primary_domain_scope_admits_its_organization_whatever_the_case()
    {
        var scopes = ReservedScopes.Of(["urn:zitadel:iam:org:domain:primary:Acme.Localhost"]);

        Assert.True(scopes.Admits("acme", "acme.localhost"));
        Assert.False(scopes.Admits("other", "other.localhost"));
        Assert.False(scopes.Admits("acme", null));
    }

    [Fact]
    public void Without_organization_scopes_everyone_is_admitted() =>
        Assert.True(ReservedScopes.Of(["openid", "profile"]).Admits("any", null));
}
