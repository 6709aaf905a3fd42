using Gatehouse.Notifications;

namespace Gatehouse.Tests.Notifications;

public sealed class OutboxSettingsTests
{
    [Fact]
    public void The_lease_defaults_to_two_minutes() => Assert.Equal(TimeSpan.FromMinutes(2), new OutboxSettings().Validated().Lease);

    [Fact]
    public void A_lease_under_one_second_is_refused_at_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new OutboxSettings { LeaseSeconds = 0 }.Validated());

        Assert.Contains("Gatehouse:Outbox:LeaseSeconds", error.Message, StringComparison.Ordinal);
    }
}
