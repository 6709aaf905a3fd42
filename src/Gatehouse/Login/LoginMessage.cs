namespace Gatehouse.Login;

/// <summary>What a login page says when a step is refused; each member names its text in <c>LoginTexts.resx</c>.</summary>
internal enum LoginMessage
{
    ErrorUserNotFound,
    ErrorLocked,
    ErrorNotActive,
    ErrorPassword,
    ErrorNoPassword,
    ErrorCodeWrong,
    ErrorCodeExpired,
    ErrorCodeUsedUp,
    ErrorOtpNotReady,
    ErrorOtpNotAllowed,
    ErrorSessionGone,
    ErrorForm,
}
