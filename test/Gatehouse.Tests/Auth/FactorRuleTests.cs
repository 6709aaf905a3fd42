using Gatehouse.Auth;

namespace Gatehouse.Tests.Auth;

public sealed class FactorRuleTests
{
    [Theory]
    // hasPassword, passwordChecked, hasOtpEmail, otpChecked, passed
    [InlineData(true, true, false, false, true)]
    [InlineData(true, true, true, false, false)]
    [InlineData(true, false, true, true, false)]
    [InlineData(true, true, true, true, true)]
    [InlineData(false, false, true, true, true)]
    [InlineData(false, false, false, false, true)]
    public void A_session_passed_every_factor_only_when_each_enrolled_factor_was_checked(
        bool hasPassword, bool passwordChecked, bool hasOtpEmail, bool otpChecked, bool passed)
    {
        Assert.Equal(passed, FactorRule.PassedEveryFactor(hasPassword, passwordChecked ? 1 : null, hasOtpEmail, otpChecked ? 2 : null));
    }
}
