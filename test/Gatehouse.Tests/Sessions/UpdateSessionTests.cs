using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Tests.Sessions;

/// <summary>Session deciders (docs/acceptance.md §3.6) for the user and password checks.</summary>
public sealed class UpdateSessionTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly LockoutPolicy NoLockout = new(0, 0);
    private static readonly CheckedUser Alice = new("user1", "org1", "alice", "Alice Doe", "en");

    private static UserState AliceState(bool locked = false, int failures = 0) => new()
    {
        Kind = UserKind.Human,
        PasswordHash = "right",
        Locked = locked,
        PasswordFailures = failures,
    };

    private static SessionChange Change(bool create = true, CheckedUser? user = null, string? password = null, TimeSpan? lifetime = null) =>
        new("session1", create, null, user, password, new Dictionary<string, string>(), lifetime, "token1", "hash1");

    private static bool Matches(string password, string hash) => password == hash;

    private static readonly Gatehouse.Crypto.SecretHasher Hasher = new(Gatehouse.Crypto.MasterKey.FromBytes(new byte[32]));

    private static SessionDecision Decide(SessionState session, UserState? user, SessionChange change, LockoutPolicy lockout, DateTimeOffset now, Func<string, string, bool> matches) =>
        UpdateSession.Decide(session, user, change, lockout, now, matches, new OtpEmailSettings(), Hasher);

    [Fact]
    public void An_empty_session_is_added_with_a_token()
    {
        var decision = Decide(new SessionState(), null, Change(), NoLockout, Now, Matches);
        Assert.Null(decision.Error);
        Assert.Collection(decision.Session, e => Assert.IsType<SessionAdded>(e), e => Assert.IsType<TokenSet>(e));
    }

    [Fact]
    public void User_and_password_checks_record_both_and_a_new_token()
    {
        var decision = Decide(new SessionState(), AliceState(), Change(user: Alice, password: "right"), NoLockout, Now, Matches);
        Assert.Null(decision.Error);
        Assert.Collection(decision.Session,
            e => Assert.IsType<SessionAdded>(e),
            e => Assert.Equal("user1", Assert.IsType<UserChecked>(e).UserId),
            e => Assert.Equal(Now, Assert.IsType<PasswordChecked>(e).CheckedAt),
            e => Assert.IsType<TokenSet>(e));
        Assert.IsType<PasswordCheckSucceeded>(Assert.Single(decision.User));
    }

    [Fact]
    public void A_wrong_password_records_the_failure_on_the_user_and_nothing_on_the_session()
    {
        var decision = Decide(new SessionState(), AliceState(failures: 1), Change(user: Alice, password: "wrong"), NoLockout, Now, Matches);
        Assert.Equal("COMMAND-3M0fs", decision.Error?.Id);
        Assert.Equal(2, decision.Error?.FailedAttempts);
        Assert.Empty(decision.Session);
        Assert.IsType<PasswordCheckFailed>(Assert.Single(decision.User));
    }

    [Fact]
    public void The_last_allowed_wrong_password_locks_the_user()
    {
        var decision = Decide(new SessionState(), AliceState(failures: 2), Change(user: Alice, password: "wrong"), new LockoutPolicy(3, 0), Now, Matches);
        Assert.Collection(decision.User, e => Assert.IsType<PasswordCheckFailed>(e), e => Assert.IsType<UserLocked>(e));
    }

    [Fact]
    public void A_locked_user_cannot_check_a_password() =>
        Assert.Equal("COMMAND-JLK35", Decide(new SessionState(), AliceState(locked: true), Change(user: Alice, password: "right"), NoLockout, Now, Matches).Error?.Id);

    [Fact]
    public void A_password_without_a_user_fails() =>
        Assert.Equal("COMMAND-Sfw3f", Decide(new SessionState(), null, Change(password: "right"), NoLockout, Now, Matches).Error?.Id);

    [Fact]
    public void A_user_without_a_password_fails_with_not_set() =>
        Assert.Equal("COMMAND-3nJ4t", Decide(new SessionState(), AliceState() with { PasswordHash = null },
            Change(user: Alice, password: "x"), NoLockout, Now, Matches).Error?.Id);

    [Fact]
    public void Changing_the_user_of_a_session_is_not_possible()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), User = new UserChecked("user2", "org1", Now, null) };
        var decision = Decide(session, AliceState(), Change(create: false, user: Alice), NoLockout, Now, Matches);
        Assert.Equal("user change not possible", decision.Error?.Key);
    }

    [Fact]
    public void A_terminated_session_cannot_be_changed()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), Terminated = true };
        Assert.Equal("COMMAND-Hewfq", Decide(session, null, Change(create: false, user: Alice), NoLockout, Now, Matches).Error?.Id);
    }

    [Fact]
    public void An_expired_session_cannot_be_changed()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), ExpiresAt = Now.AddSeconds(-1) };
        Assert.Equal("COMMAND-Hkl3d", Decide(session, null, Change(create: false, user: Alice), NoLockout, Now, Matches).Error?.Id);
    }

    [Fact]
    public void A_request_that_changes_nothing_writes_nothing_and_issues_no_token()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now) };
        var decision = Decide(session, null, Change(create: false), NoLockout, Now, Matches);
        Assert.Empty(decision.Session);
        Assert.Null(decision.Error);
    }
}
