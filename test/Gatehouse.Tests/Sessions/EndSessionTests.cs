using Gatehouse.Sessions;

namespace Gatehouse.Tests.Sessions;

/// <summary>DeleteSession's decision: the session as it is when written, against what the caller proved.</summary>
public sealed class EndSessionTests
{
    private static SessionState Live(string tokenHash = "hash1") => new()
    {
        Version = new Gatehouse.Kernel.AggregateVersion(1, "instance", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
        TokenHash = tokenHash,
    };

    [Fact]
    public void A_live_session_ends() =>
        Assert.IsType<SessionTerminated>(Assert.Single(EndSession.Decide(Live(), authorizedTokenHash: null).Session));

    [Fact]
    public void An_unknown_or_ended_session_ends_without_an_event()
    {
        Assert.Empty(EndSession.Decide(new SessionState(), null).Session);
        Assert.Empty(EndSession.Decide(Live() with { Terminated = true }, "hash1").Session);
    }

    [Fact]
    public void A_token_that_rotated_after_it_was_checked_no_longer_ends_the_session()
    {
        var decision = EndSession.Decide(Live(tokenHash: "hash2"), authorizedTokenHash: "hash1");

        Assert.Equal(SessionErrors.TokenMismatch, decision.Error);
        Assert.Empty(decision.Session);
    }

    [Fact]
    public void The_token_the_caller_proved_ends_the_session() =>
        Assert.Single(EndSession.Decide(Live(), authorizedTokenHash: "hash1").Session);
}
