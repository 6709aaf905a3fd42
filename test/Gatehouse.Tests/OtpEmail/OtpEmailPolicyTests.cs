using Gatehouse.OtpEmail;

namespace Gatehouse.Tests.OtpEmail;

/// <summary>The section <c>Gatehouse:OtpEmail</c> and the policy made of it.</summary>
public sealed class OtpEmailPolicyTests
{
    [Fact]
    public void Settings_outside_owasp_limits_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new OtpEmailSettings { CodeLength = 4 }.Validated());
        Assert.Throws<InvalidOperationException>(() => new OtpEmailSettings { Expiry = TimeSpan.FromMinutes(15) }.Validated());
        Assert.Throws<InvalidOperationException>(() => new OtpEmailSettings { MaxAttemptsPerCode = 0 }.Validated());
        var defaults = new OtpEmailSettings();
        Assert.Same(defaults, defaults.Validated());
    }

    [Fact]
    public void The_policy_takes_the_settings_and_the_lockout_number()
    {
        var policy = OtpEmailPolicy.From(new OtpEmailSettings { CodeLength = 10, DisallowedOrganizations = ["org9"] }, maxOtpAttempts: 3);

        Assert.Equal((10, TimeSpan.FromMinutes(5), 3), (policy.CodeLength, policy.Expiry, policy.MaxOtpAttempts));
        Assert.False(policy.AllowedIn("org9"));
        Assert.True(policy.AllowedIn("org1"));
    }

    [Fact]
    public void Lockout_counts_the_failure_being_decided_and_zero_turns_it_off()
    {
        Assert.False(OtpEmailPolicy.Default.LocksAfter(100));
        Assert.False((OtpEmailPolicy.Default with { MaxOtpAttempts = 3 }).LocksAfter(2));
        Assert.True((OtpEmailPolicy.Default with { MaxOtpAttempts = 3 }).LocksAfter(3));
    }
}
