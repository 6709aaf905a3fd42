using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// CreateSession and SetSession as one pure decision, in ZITADEL's fixed order (docs/otp-email.md §5.1): session
/// state, then the user check, password, OTP Email check, metadata, lifetime, OTP Email challenge; the first error
/// stops everything. Any change issues a new token, which makes the previous one stop working.
/// </summary>
internal static class UpdateSession
{
    public static SessionDecision Decide(
        SessionState session,
        UserState? user,
        SessionChange change,
        LockoutPolicy lockout,
        DateTimeOffset now,
        Func<string, string, bool> passwordMatches,
        OtpEmailSettings otpEmail,
        SecretHasher hasher)
    {
        if (!change.Create)
        {
            if (session.Terminated || !session.Version.Exists)
            {
                return SessionErrors.Terminated;
            }

            if (session.IsExpired(now))
            {
                return SessionErrors.Expired;
            }
        }

        var events = new List<SessionEvent>();
        var userEvents = new List<UserEvent>();
        if (change.Create)
        {
            events.Add(new SessionAdded(change.UserAgent));
        }

        var sessionUserId = session.User?.UserId;
        if (change.User is { } checkedUser)
        {
            if (sessionUserId is not null && sessionUserId != checkedUser.UserId)
            {
                return SessionErrors.UserChangeNotPossible;
            }

            events.Add(new UserChecked(checkedUser.UserId, checkedUser.OrgId, now, checkedUser.PreferredLanguage));
            sessionUserId = checkedUser.UserId;
        }

        if (change.Password is { } password)
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

            if (!passwordMatches(password, user.PasswordHash))
            {
                var failures = user.PasswordFailures + 1;
                return LockoutPolicy.Reached(lockout.MaxPasswordAttempts, failures)
                    ? SessionDecision.Reject(SessionErrors.PasswordInvalid(failures), new PasswordCheckFailed(), new UserLocked())
                    : SessionDecision.Reject(SessionErrors.PasswordInvalid(failures), new PasswordCheckFailed());
            }

            userEvents.Add(new PasswordCheckSucceeded());
            events.Add(new PasswordChecked(now));
        }

        if (change.OtpEmailCheck is { } check
            && OtpEmailSteps.Check(session, user, sessionUserId, check, otpEmail, lockout, now, hasher, events, userEvents, change.SessionId) is { } failedCheck)
        {
            return failedCheck;
        }

        if (change.Metadata.Count > 0)
        {
            events.Add(new MetadataSet(change.Metadata));
        }

        if (change.Lifetime is { } lifetime)
        {
            events.Add(new LifetimeSet(lifetime.Ticks * 100));
        }

        var mails = new List<MailRequest>();
        if (change.OtpEmailChallenge is { } challenge
            && OtpEmailSteps.Challenge(user, sessionUserId, challenge, otpEmail, now, events, userEvents, mails, change.SessionId) is { } refused)
        {
            return refused;
        }

        if (events.Count > 0 || userEvents.Count > 0)
        {
            events.Add(new TokenSet(change.NewTokenId, change.NewTokenHash));
        }

        return new SessionDecision(events, userEvents)
        {
            Mails = mails,
            ReturnedCode = change.OtpEmailChallenge is { Delivery: OtpDelivery.Return } returned ? returned.Code.Plain : null,
        };
    }
}
