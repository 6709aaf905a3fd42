using System.Security.Claims;
using Gatehouse.Oidc;

namespace Gatehouse.Tests.Oidc;

public sealed class AmrAsArrayTests
{
    [Theory]
    [InlineData(new[] { "pwd" }, """["pwd"]""")]
    [InlineData(new[] { "pwd", "otp", "mfa" }, """["pwd","otp","mfa"]""")]
    public void The_amr_claim_becomes_one_json_array_however_many_values_it_has(string[] methods, string json)
    {
        var identity = new ClaimsIdentity(methods.Select(m => new Claim("amr", m)).Append(new Claim("sub", "u1")));

        AmrAsArray.AsArray(identity);

        var amr = Assert.Single(identity.FindAll("amr"));
        Assert.Equal(json, amr.Value);
        Assert.Equal("JSON_ARRAY", amr.ValueType);
        Assert.Single(identity.FindAll("sub"));
    }
}
