using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.Users;
using Gatehouse.Notifications;

namespace Gatehouse.Sessions;

/// <summary>
/// The OTP Email check and challenge steps of a session decision (docs/otp-email.md §5.2, §5.3), with Gatehouse's
/// fixes: codes are hashed and compared in constant time, a code dies after too many wrong guesses, a locked user can
/// neither check nor ask for codes, and mails are throttled per user and per address.
/// </summary>
internal static class OtpEmailSteps
{
    public const string CodePurpose = "otp-email";
    public const string MailTemplate = "VerifyEmailOTP";
    public const string SentEvent = "user.human.mfa.otp.email.code.sent";

    public static readonly string[] UrlTemplateFields = ["Code", "UserID", "LoginName", "DisplayName", "PreferredLanguage", "SessionID"];

    /// <summary>The check. Returns an error decision, or null after adding the success events.</summary>
    public static SessionDecision? Check(
        SessionState session, UserState? user, string? sessionUserId, OtpEmailCheck check, OtpEmailSettings settings, LockoutPolicy lockout,
        DateTimeOffset now, SecretHasher hasher, List<SessionEvent> sessionEvents, List<UserEvent> userEvents, string sessionId)
    {
        if (sessionUserId is null || user is null)
        {
            return OtpEmailErrors.CheckWithoutUser;
        }

        if (check.Code.Length == 0)
        {
            return OtpEmailErrors.CodeEmpty;
        }

        if (!user.OtpEmailAdded)
        {
            return OtpEmailErrors.CheckNotReady;
        }

        // A locked user learns nothing about the code, and nothing is written (ZITADEL compares first).
        if (user.Locked)
        {
            return OtpEmailErrors.UserLocked;
        }

        if (session.OtpEmailChallenge is not { } challenge
            || user.OtpEmailChallengeFailures.GetValueOrDefault(challenge.Key) >= settings.MaxAttemptsPerCode)
        {
            return OtpEmailErrors.NoOpenChallenge;
        }

        // Always compare, so an expired code costs the same time as a live one.
        var matches = hasher.Matches(CodePurpose, check.Code, challenge.CodeHash);
        var expired = now >= challenge.ExpiresAt;
        if (matches && !expired)
        {
            userEvents.Add(new OtpEmailCheckSucceeded(sessionId));
            sessionEvents.Add(new OtpEmailChecked(now));
            return null;
        }

        var error = expired ? OtpEmailErrors.CodeExpired : OtpEmailErrors.CodeInvalid;
        var failed = new OtpEmailCheckFailed(sessionId, challenge.Key);
        return LockoutPolicy.Reached(lockout.MaxOtpAttempts, user.OtpEmailFailures + 1)
            ? SessionDecision.Reject(error, [.. userEvents, failed, new UserLocked()])
            : SessionDecision.Reject(error, [.. userEvents, failed]);
    }

    /// <summary>The challenge. Returns an error decision, or null after adding the challenge events and the mail.</summary>
    public static DomainError? Challenge(
        UserState? user, string? sessionUserId, OtpEmailChallengeRequest request, OtpEmailSettings settings, DateTimeOffset now,
        List<SessionEvent> sessionEvents, List<UserEvent> userEvents, List<MailRequest> mails, string sessionId)
    {
        if (sessionUserId is null || user is null)
        {
            return OtpEmailErrors.ChallengeWithoutUser;
        }

        if (!user.OtpEmailAdded)
        {
            return OtpEmailErrors.ChallengeNotReady;
        }

        if (!settings.AllowedIn(user.Version.ResourceOwner))
        {
            return Users.UserErrors.OtpEmailNotAllowed;
        }

        // ZITADEL mails codes to locked users too (docs/otp-email.md §8.11); a locked user cannot sign in, so no code is issued.
        if (user.Locked)
        {
            return OtpEmailErrors.UserLocked;
        }

        var mailed = request.Delivery == OtpDelivery.Send;
        if (mailed)
        {
            if (user.LastOtpEmailMailedAt is { } last && now < last + settings.SendCooldown)
            {
                return OtpEmailErrors.SendCooldown(last + settings.SendCooldown - now);
            }

            if (request.RecentSendsToAddress >= settings.MaxSendsPerAddress)
            {
                var freeAt = (request.OldestRecentSend ?? now) + settings.AddressWindow;
                return OtpEmailErrors.AddressLimit(freeAt > now ? freeAt - now : TimeSpan.FromSeconds(1));
            }
        }

        var code = request.Code;
        sessionEvents.Add(new OtpEmailChallenged(code.Hash, code.ExpiryNanoseconds, !mailed, request.UrlTemplate));
        userEvents.Add(new OtpEmailCodeAdded(sessionId, code.ExpiryNanoseconds, !mailed, mailed ? request.RecipientHash : null));
        if (mailed && user.VerifiedEmail is { } recipient)
        {
            mails.Add(new MailRequest(MailTemplate, recipient, user.PreferredLanguage,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Code"] = code.Plain,
                    ["OTP"] = code.Plain,
                    ["UserID"] = sessionUserId,
                    ["LoginName"] = user.UserName,
                    ["DisplayName"] = user.DisplayName,
                    ["PreferredLanguage"] = user.PreferredLanguage ?? "",
                    ["SessionID"] = sessionId,
                    ["UrlTemplate"] = request.UrlTemplate ?? "",
                },
                now + code.ExpiresAfter,
                SentEvent));
        }

        return null;
    }
}
