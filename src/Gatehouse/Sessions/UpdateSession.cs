using Gatehouse.Kernel;
using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// CreateSession and SetSession as one pure decision, in ZITADEL's fixed order (docs/otp-email.md §5.1): session
/// state, then the user check, password, OTP Email check, metadata, lifetime, OTP Email challenge; the first error
/// stops everything. Any change issues a new token, which makes the previous one stop working. The password was
/// verified and the caller authorized before; the OTP Email steps are OtpEmail's decisions, composed here.
/// </summary>
internal static class UpdateSession
{
    public static SessionDecision Decide(SessionFacts facts, SessionChange change, SessionPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(policy);
        if (Refusal(facts.Session, change, now) is { } refused)
        {
            return refused;
        }

        List<SessionEvent> events = change.Create ? [new SessionAdded(change.UserAgent)] : [];
        List<UserEvent> userEvents = [];
        var sessionUserId = change.User?.UserId ?? facts.Session.User?.UserId;
        if (change.User is { } checkedUser)
        {
            if (facts.Session.User is { } current && current.UserId != checkedUser.UserId)
            {
                return SessionErrors.UserChangeNotPossible;
            }

            events.Add(new UserChecked(checkedUser.UserId, checkedUser.OrgId, now, checkedUser.PreferredLanguage));
        }

        if (change.Password is { } password)
        {
            if (CheckPassword(facts.User, sessionUserId, password, policy.Lockout) is { } failed)
            {
                return failed;
            }

            (userEvents, events) = ([.. userEvents, new PasswordCheckSucceeded()], [.. events, new PasswordChecked(now)]);
        }

        var code = change.OtpEmailCheck is { } check
            ? CheckOtpEmail.Decide(facts.OtpEmail, new CheckOtpEmailCommand(change.SessionId, sessionUserId, check), policy.OtpEmail, now)
            : null;
        if (code?.Error is { } wrong)
        {
            // The step's user events (a password that was right, the wrong code) are still recorded.
            return SessionDecision.Reject(wrong, [.. userEvents, .. code.User]);
        }

        events = [.. events, .. code?.Session ?? [], .. Settings(change)];
        userEvents = [.. userEvents, .. code?.User ?? []];
        if (change.OtpEmailChallenge is not { } request)
        {
            return Finish(change, events, userEvents);
        }

        var challenged = ChallengeOtpEmail.Decide(facts.OtpEmail, new ChallengeOtpEmailCommand(change.SessionId, sessionUserId, request), policy.OtpEmail, now);
        return challenged.Error is { } notIssued
            ? notIssued
            : Finish(change, [.. events, .. challenged.Session], [.. userEvents, .. challenged.User]) with
            {
                Mails = challenged.Mails,
                ReturnedCode = challenged.ReturnedCode,
            };
    }

    private static SessionDecision? Refusal(SessionState session, SessionChange change, DateTimeOffset now)
    {
        // The token the caller was authorized with has rotated since: it no longer opens this session.
        if (change.AuthorizedTokenHash is { } authorized && session.TokenHash != authorized)
        {
            return SessionErrors.TokenMismatch;
        }

        if (change.Create)
        {
            return null;
        }

        if (session.Terminated || !session.Version.Exists)
        {
            return SessionErrors.Terminated;
        }

        if (session.IsExpired(now))
        {
            return SessionErrors.Expired;
        }

        return null;
    }

    private static SessionDecision? CheckPassword(UserState? user, string? sessionUserId, PasswordCheck password, LockoutPolicy lockout)
    {
        if (sessionUserId is null)
        {
            return SessionErrors.PasswordWithoutUser;
        }

        if (user is null || !user.Exists)
        {
            return SessionErrors.PasswordUserGone;
        }

        if (user.Locked)
        {
            return SessionErrors.PasswordUserLocked(user.PasswordFailures);
        }

        if (user.PasswordHash is null)
        {
            return SessionErrors.PasswordNotSet;
        }

        // A password verified against a hash the user no longer has (changed in between) does not sign in.
        if (password.Matches && string.Equals(password.VerifiedAgainst, user.PasswordHash, StringComparison.Ordinal))
        {
            return null;
        }

        var failures = user.PasswordFailures + 1;
        return lockout.LocksAfter(failures)
            ? SessionDecision.Reject(SessionErrors.PasswordInvalid(failures), new PasswordCheckFailed(), new UserLocked())
            : SessionDecision.Reject(SessionErrors.PasswordInvalid(failures), new PasswordCheckFailed());
    }

    private static IEnumerable<SessionEvent> Settings(SessionChange change)
    {
        if (change.Metadata.Count > 0)
        {
            yield return new MetadataSet(change.Metadata);
        }

        if (change.Lifetime is { } lifetime)
        {
            yield return new LifetimeSet(lifetime.Ticks * 100);
        }
    }

    private static SessionDecision Finish(SessionChange change, List<SessionEvent> events, List<UserEvent> userEvents)
    {
        if (events.Count > 0 || userEvents.Count > 0)
        {
            events.Add(new TokenSet(change.NewTokenId, change.NewTokenHash));
        }

        return new SessionDecision(events, userEvents);
    }
}
