using Gatehouse.Kernel;

namespace Gatehouse.Sessions;

/// <summary>Session errors with ZITADEL's ids and keys (docs/zitadel-wire.md §8.5).</summary>
internal static class SessionErrors
{
    public static readonly DomainError UserNotActive = new(ErrorKind.PreconditionFailed, "SESSION-Gj4ko", "Errors.User.NotActive");
    public static readonly DomainError UserChangeNotPossible = DomainError.LiteralText(ErrorKind.InvalidArgument, "", "user change not possible");
    public static readonly DomainError Terminated = new(ErrorKind.PreconditionFailed, "COMMAND-Hewfq", "Errors.Session.Terminated");
    public static readonly DomainError Expired = new(ErrorKind.PreconditionFailed, "COMMAND-Hkl3d", "Errors.Session.Expired");
    public static readonly DomainError TokenUndecodable = new(ErrorKind.InvalidArgument, "COMMAND-hi6Ph", "Errors.Session.Token.Invalid");
    public static readonly DomainError TokenMismatch = new(ErrorKind.PermissionDenied, "COMMAND-sGr42", "Errors.Session.Token.Invalid");
    public static readonly DomainError NotExisting = new(ErrorKind.NotFound, "QUERY-SFeaa", "Errors.Session.NotExisting");
    public static readonly DomainError ReadDenied = new(ErrorKind.PermissionDenied, "QUERY-dsfr3", "Errors.PermissionDenied");
    public static readonly DomainError UserNotFound = new(ErrorKind.NotFound, "QUERY-Dfbg2", "Errors.User.NotFound");
    public static readonly DomainError PasswordWithoutUser = new(ErrorKind.PreconditionFailed, "COMMAND-Sfw3f", "Errors.User.UserIDMissing");
    public static readonly DomainError PasswordUserGone = new(ErrorKind.PreconditionFailed, "COMMAND-3n77z", "Errors.User.NotFound");
    public static readonly DomainError PasswordNotSet = new(ErrorKind.PreconditionFailed, "COMMAND-3nJ4t", "Errors.User.Password.NotSet");

    public static DomainError PasswordInvalid(int failedAttempts) =>
        new(ErrorKind.InvalidArgument, "COMMAND-3M0fs", "Errors.User.Password.Invalid") { FailedAttempts = failedAttempts };

    public static DomainError PasswordUserLocked(int failedAttempts) =>
        new(ErrorKind.PreconditionFailed, "COMMAND-JLK35", "Errors.User.Locked") { FailedAttempts = failedAttempts };
}
