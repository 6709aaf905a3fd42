using Gatehouse.Oidc;

namespace Gatehouse.Tests.Oidc;

public sealed class SignInAgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 10, false)]
    [InlineData(3600L, 10, false)]
    [InlineData(3600L, 3601, true)]
    [InlineData(0L, 1, true)]
    [InlineData(0L, 10, true)]
    public void A_sign_in_is_too_old_only_when_older_than_max_age(long? maxAge, int secondsAgo, bool tooOld) =>
        Assert.Equal(tooOld, SignInAge.IsTooOld(Now.AddSeconds(-secondsAgo), maxAge, Now));

    [Fact]
    public void A_session_without_a_sign_in_time_is_too_old_for_any_max_age() =>
        Assert.True(SignInAge.IsTooOld(null, 3600, Now));
}
