using Gatehouse.Oidc;

namespace Gatehouse.Tests.Oidc;

/// <summary>The JWT profile assertion rule (docs/zitadel-wire.md §11.2), each refusal named after what it prevents.</summary>
public sealed class AssertionRuleTests
{
    private const string Issuer = "http://localhost:8080";
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly long At = Now.ToUnixTimeSeconds();

    private static AssertionClaims Valid() => new("u1", "u1", [Issuer], At + 3600, At, null, "k1");

    [Fact]
    public void An_assertion_as_zitadels_sdks_make_it_passes() => Assert.Null(AssertionRule.Problem(Valid(), Issuer, Now));

    [Fact]
    public void An_assertion_for_another_audience_or_the_issuer_with_a_slash_is_refused()
    {
        Assert.NotNull(AssertionRule.Problem(Valid() with { Audiences = ["https://other"] }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { Audiences = [Issuer + "/"] }, Issuer, Now));
    }

    [Fact]
    public void Delegation_where_iss_differs_from_sub_is_refused() =>
        Assert.NotNull(AssertionRule.Problem(Valid() with { Issuer = "u2" }, Issuer, Now));

    [Fact]
    public void A_long_lived_assertion_is_refused()
    {
        Assert.Null(AssertionRule.Problem(Valid() with { ExpiresAt = At + 3600 + 60 }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { ExpiresAt = At + 3600 + 61 }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { ExpiresAt = null }, Issuer, Now));
    }

    [Fact]
    public void An_expired_assertion_is_refused() =>
        Assert.NotNull(AssertionRule.Problem(Valid() with { ExpiresAt = At - 61, IssuedAt = At - 600 }, Issuer, Now));

    [Fact]
    public void An_assertion_issued_in_the_future_beyond_the_skew_or_long_ago_is_refused()
    {
        Assert.Null(AssertionRule.Problem(Valid() with { IssuedAt = At + 60, ExpiresAt = At + 600 }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { IssuedAt = At + 61, ExpiresAt = At + 600 }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { IssuedAt = At - 3600 - 61, ExpiresAt = At + 600 }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { IssuedAt = null }, Issuer, Now));
    }

    [Fact]
    public void An_assertion_without_a_key_id_or_not_yet_valid_is_refused()
    {
        Assert.NotNull(AssertionRule.Problem(Valid() with { KeyId = null }, Issuer, Now));
        Assert.NotNull(AssertionRule.Problem(Valid() with { NotBefore = At + 120 }, Issuer, Now));
    }
}
