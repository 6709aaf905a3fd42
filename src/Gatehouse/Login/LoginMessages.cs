using Gatehouse.Kernel;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Microsoft.Extensions.Localization;

namespace Gatehouse.Login;

/// <summary>
/// Which message a refused step shows, chosen by the catalogue's errors themselves. Anything else (the session ended,
/// the user vanished) is told to start again, without saying which, as ZITADEL's login does.
/// </summary>
internal static class LoginMessages
{
    public static LoginMessage ForPassword(DomainError error) => error switch
    {
        _ when error == SessionErrors.PasswordInvalid(error.FailedAttempts ?? 0) => LoginMessage.ErrorPassword,
        _ when error == SessionErrors.PasswordUserLocked(error.FailedAttempts ?? 0) => LoginMessage.ErrorLocked,
        _ when error == SessionErrors.PasswordNotSet => LoginMessage.ErrorNoPassword,
        _ => LoginMessage.ErrorSessionGone,
    };

    public static LoginMessage ForCode(DomainError error) => error switch
    {
        _ when error == OtpEmailErrors.CodeInvalid || error == OtpEmailErrors.CodeEmpty => LoginMessage.ErrorCodeWrong,
        _ when error == OtpEmailErrors.CodeExpired => LoginMessage.ErrorCodeExpired,
        _ when error == OtpEmailErrors.NoOpenChallenge => LoginMessage.ErrorCodeUsedUp,
        _ when error == OtpEmailErrors.UserLocked => LoginMessage.ErrorLocked,
        _ => LoginMessage.ErrorSessionGone,
    };

    /// <summary>A refused OTP Email set-up; "already set up" is no error there, the code step follows.</summary>
    public static LoginMessage ForSetUp(DomainError error) => error switch
    {
        _ when error == OtpEmailErrors.NotReady => LoginMessage.ErrorOtpNotReady,
        _ when error == OtpEmailErrors.NotAllowed => LoginMessage.ErrorOtpNotAllowed,
        _ => LoginMessage.ErrorSessionGone,
    };

    /// <summary>A refused send that is not the throttle (which says how long to wait).</summary>
    public static LoginMessage ForSend(DomainError error) =>
        error == OtpEmailErrors.UserLocked ? LoginMessage.ErrorLocked : LoginMessage.ErrorSessionGone;

    public static string Text(this IStringLocalizer<LoginTexts> texts, LoginMessage message) =>
        texts[message.ToString()];
}
