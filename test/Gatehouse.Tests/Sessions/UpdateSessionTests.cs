using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Tests.Sessions;

/// <summary>Session deciders (docs/acceptance.md §3.6) for the user and password checks.</summary>
public sealed class UpdateSessionTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly LockoutPolicy NoLockout = new(0);
    private static readonly CheckedUser Alice = new("user1", "org1", "alice", "Alice Doe", "en");

    private static UserState AliceState(bool locked = false, int failures = 0) => new()
    {
        Kind = UserKind.Human,
        PasswordHash = "right",
        Locked = locked,
        PasswordFailures = failures,
    };

    private static SessionChange Change(bool create = true, CheckedUser? user = null, string? password = null, TimeSpan? lifetime = null) =>
        new("session1", create, null, user, password is null ? null : Verified(password), new Dictionary<string, string>(), lifetime, "token1", "hash1");

    /// <summary>What the verification before the decision finds; in these tests the user's hash is the password itself.</summary>
    private static PasswordCheck Verified(string password, string hash = "right") => new(password == hash, hash);

    private static SessionDecision Decide(SessionState session, UserState? user, SessionChange change, LockoutPolicy lockout, DateTimeOffset now) =>
        UpdateSession.Decide(new SessionFacts(session, user, new OtpEmailState { Challenge = session.OtpEmailChallenge }), change,
            new SessionPolicy(lockout, OtpEmailPolicy.Default), now);

    [Fact]
    public void An_empty_session_is_added_with_a_token()
    {
        var decision = Decide(new SessionState(), null, Change(), NoLockout, Now);
        Assert.Null(decision.Error);
        Assert.Collection(decision.Session, e => Assert.IsType<SessionAdded>(e), e => Assert.IsType<TokenSet>(e));
    }

    [Fact]
    public void User_and_password_checks_record_both_and_a_new_token()
    {
        var decision = Decide(new SessionState(), AliceState(), Change(user: Alice, password: "right"), NoLockout, Now);
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
        var decision = Decide(new SessionState(), AliceState(failures: 1), Change(user: Alice, password: "wrong"), NoLockout, Now);
        Assert.Equal("COMMAND-3M0fs", decision.Error?.Id);
        Assert.Equal(2, decision.Error?.FailedAttempts);
        Assert.Empty(decision.Session);
        Assert.IsType<PasswordCheckFailed>(Assert.Single(decision.User));
    }

    [Fact]
    public void The_last_allowed_wrong_password_locks_the_user()
    {
        var decision = Decide(new SessionState(), AliceState(failures: 2), Change(user: Alice, password: "wrong"), new LockoutPolicy(3), Now);
        Assert.Collection(decision.User, e => Assert.IsType<PasswordCheckFailed>(e), e => Assert.IsType<UserLocked>(e));
    }

    [Fact]
    public void A_locked_user_cannot_check_a_password() =>
        Assert.Equal("COMMAND-JLK35", Decide(new SessionState(), AliceState(locked: true), Change(user: Alice, password: "right"), NoLockout, Now).Error?.Id);

    [Fact]
    public void A_password_without_a_user_fails() =>
        Assert.Equal("COMMAND-Sfw3f", Decide(new SessionState(), null, Change(password: "right"), NoLockout, Now).Error?.Id);

    [Fact]
    public void A_user_without_a_password_fails_with_not_set() =>
        Assert.Equal("COMMAND-3nJ4t", Decide(new SessionState(), AliceState() with { PasswordHash = null },
            Change(user: Alice, password: "x"), NoLockout, Now).Error?.Id);

    [Fact]
    public void Changing_the_user_of_a_session_is_not_possible()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), User = new UserChecked("user2", "org1", Now, null) };
        var decision = Decide(session, AliceState(), Change(create: false, user: Alice), NoLockout, Now);
        Assert.Equal("user change not possible", decision.Error?.Key);
    }

    [Fact]
    public void A_terminated_session_cannot_be_changed()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), Terminated = true };
        Assert.Equal("COMMAND-Hewfq", Decide(session, null, Change(create: false, user: Alice), NoLockout, Now).Error?.Id);
    }

    [Fact]
    public void An_expired_session_cannot_be_changed()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), ExpiresAt = Now.AddSeconds(-1) };
        Assert.Equal("COMMAND-Hkl3d", Decide(session, null, Change(create: false, user: Alice), NoLockout, Now).Error?.Id);
    }

    [Fact]
    public void A_request_that_changes_nothing_writes_nothing_and_issues_no_token()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now) };
        var decision = Decide(session, null, Change(create: false), NoLockout, Now);
        Assert.Empty(decision.Session);
        Assert.Null(decision.Error);
    }

    [Fact]
    public void A_password_verified_against_a_hash_the_user_no_longer_has_does_not_sign_in()
    {
        var change = Change(user: Alice) with { Password = Verified("old-password", hash: "old-password") };
        var decision = Decide(new SessionState(), AliceState(), change, NoLockout, Now);
        Assert.Equal("COMMAND-3M0fs", decision.Error?.Id);
        Assert.IsType<PasswordCheckFailed>(Assert.Single(decision.User));
    }

    [Fact]
    public void A_change_authorized_with_a_token_that_rotated_since_is_refused()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), TokenHash = "rotated" };
        var decision = Decide(session, null, Change(create: false) with { AuthorizedTokenHash = "presented" }, NoLockout, Now);
        Assert.Equal(SessionErrors.TokenMismatch, decision.Error);
        Assert.Empty(decision.Session);
    }

    [Fact]
    public void A_change_authorized_with_the_current_token_goes_ahead()
    {
        var session = new SessionState { Version = new(3, "inst", Now, Now), TokenHash = "current" };
        var decision = Decide(session, null, Change(create: false, lifetime: TimeSpan.FromMinutes(1)) with { AuthorizedTokenHash = "current" }, NoLockout, Now);
        Assert.Null(decision.Error);
        Assert.Collection(decision.Session, e => Assert.IsType<LifetimeSet>(e), e => Assert.IsType<TokenSet>(e));
    }

    [Fact]
    public void A_right_password_with_a_wrong_code_records_both_on_the_user_and_nothing_on_the_session()
    {
        var challenge = new OpenChallenge("session1:2", "hash-of-the-code", Now.AddMinutes(5));
        var session = new SessionState { Version = new(2, "inst", Now, Now), User = new UserChecked("user1", "org1", Now, null), OtpEmailChallenge = challenge };
        var change = Change(create: false, password: "right") with { OtpEmailCheck = new OtpEmailCheck("hash-of-another-code") };

        var decision = UpdateSession.Decide(new SessionFacts(session, AliceState(), new OtpEmailState { Added = true, Challenge = challenge }), change,
            new SessionPolicy(NoLockout, OtpEmailPolicy.Default), Now);

        Assert.Equal(OtpEmailErrors.CodeInvalid, decision.Error);
        Assert.Empty(decision.Session);
        Assert.Equal<UserEvent>([new PasswordCheckSucceeded(), new OtpEmailCheckFailed("session1", "session1:2")], decision.User);
    }

    [Fact]
    public void A_refused_challenge_writes_nothing_even_after_a_right_password()
    {
        var session = new SessionState { Version = new(2, "inst", Now, Now), User = new UserChecked("user1", "org1", Now, null) };
        var code = new NewCode("12345678", "hash", TimeSpan.FromMinutes(5));
        var change = Change(create: false, password: "right") with
        {
            OtpEmailChallenge = new OtpEmailChallengeRequest(OtpDelivery.Send, null, code, "recipient", RecentSends.None),
        };

        var decision = Decide(session, AliceState(), change, NoLockout, Now);

        Assert.Equal(OtpEmailErrors.ChallengeNotReady, decision.Error);
        Assert.Empty(decision.Session);
        Assert.Empty(decision.User);
    }
}
