using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// The OTP Email challenge of a session (docs/otp-email.md §5.3): a new code on the session, mailed to the verified
/// address or handed back to the caller. Gatehouse's limits: no code for a locked user, and mails throttled per user
/// (cooldown) and per address (a cap within a window).
/// </summary>
internal static class ChallengeOtpEmail
{
    public const string MailTemplate = "VerifyEmailOTP";
    public const string SentEvent = "user.human.mfa.otp.email.code.sent";

    /// <summary>The values a caller's link template may use, as ZITADEL offers them.</summary>
    public static readonly string[] UrlTemplateFields = ["Code", "UserID", "LoginName", "DisplayName", "PreferredLanguage", "SessionID"];

    public static SessionDecision Decide(OtpEmailState state, ChallengeOtpEmailCommand command, OtpEmailPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(policy);
        if (Refusal(state, command, policy, now) is { } refused)
        {
            return refused;
        }

        var request = command.Request;
        var mailed = request.Delivery == OtpDelivery.Send;
        var code = request.Code;
        var session = new OtpEmailChallenged(code.Hash, code.ExpiryNanoseconds, !mailed, request.UrlTemplate);
        var user = new OtpEmailCodeAdded(command.SessionId, code.ExpiryNanoseconds, !mailed, mailed ? request.RecipientHash : null);
        return new SessionDecision([session], [user])
        {
            Mails = mailed && state.VerifiedEmail is { } recipient ? [Mail(state, command, recipient, now)] : [],
            ReturnedCode = mailed ? null : code.Plain,
        };
    }

    private static DomainError? Refusal(OtpEmailState state, ChallengeOtpEmailCommand command, OtpEmailPolicy policy, DateTimeOffset now)
    {
        if (command.UserId is null)
        {
            return OtpEmailErrors.ChallengeWithoutUser;
        }

        if (!state.Added)
        {
            return OtpEmailErrors.ChallengeNotReady;
        }

        if (!policy.AllowedIn(state.OrganizationId))
        {
            return OtpEmailErrors.NotAllowed;
        }

        // ZITADEL mails codes to locked users too (docs/otp-email.md §8.11); a locked user cannot sign in, so no code is issued.
        if (state.Locked)
        {
            return OtpEmailErrors.UserLocked;
        }

        if (command.Request.Delivery != OtpDelivery.Send)
        {
            return null;
        }

        if (state.LastMailedAt is { } last && now < last + policy.SendCooldown)
        {
            return OtpEmailErrors.SendCooldown(last + policy.SendCooldown - now);
        }

        var sends = command.Request.Sends;
        if (sends.Count >= policy.MaxSendsPerAddress)
        {
            var freeAt = (sends.Oldest ?? now) + policy.AddressWindow;
            return OtpEmailErrors.AddressLimit(freeAt > now ? freeAt - now : TimeSpan.FromSeconds(1));
        }

        return null;
    }

    private static MailRequest Mail(OtpEmailState state, ChallengeOtpEmailCommand command, string recipient, DateTimeOffset now)
    {
        var code = command.Request.Code;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Code"] = code.Plain,
            ["OTP"] = code.Plain,
            ["UserID"] = command.UserId ?? "",
            ["LoginName"] = state.UserName,
            ["DisplayName"] = state.DisplayName,
            ["PreferredLanguage"] = state.PreferredLanguage ?? "",
            ["SessionID"] = command.SessionId,
            ["UrlTemplate"] = command.Request.UrlTemplate ?? "",
        };
        return new MailRequest(MailTemplate, recipient, state.PreferredLanguage, values, now + code.ExpiresAfter, SentEvent);
    }
}
