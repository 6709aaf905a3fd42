using Gatehouse.Kernel;

namespace Gatehouse.OtpEmail;

/// <summary>
/// Errors of the OTP Email factor with ZITADEL's ids and keys: enrolment (docs/zitadel-wire.md §8.1), challenge and
/// check (§8.5). Ids are per operation on purpose. The throttling errors are Gatehouse's own: ZITADEL has no send
/// limit, so there is no id of theirs to reuse.
/// </summary>
internal static class OtpEmailErrors
{
    public static readonly DomainError AddUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-Sg1hz", "Errors.User.UserIDMissing");
    public static readonly DomainError AlreadyReady = new(ErrorKind.AlreadyExists, "COMMAND-MKL2s", "Errors.User.MFA.OTP.AlreadyReady");
    public static readonly DomainError NotReady = new(ErrorKind.PreconditionFailed, "COMMAND-KLJ2d", "Errors.User.MFA.OTP.NotReady");
    public static readonly DomainError RemoveUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-S2h11", "Errors.User.UserIDMissing");
    public static readonly DomainError NotAllowed = new(ErrorKind.PreconditionFailed, "POLICY-otpEmail", "Errors.Org.LoginPolicy.MFA.NotAllowed");
    public static readonly DomainError NotExisting = new(ErrorKind.NotFound, "COMMAND-b312D", "Errors.User.MFA.OTP.NotExisting");

    public static readonly DomainError ChallengeWithoutUser = new(ErrorKind.PreconditionFailed, "COMMAND-JK3gp", "Errors.User.UserIDMissing");
    public static readonly DomainError ChallengeNotReady = new(ErrorKind.PreconditionFailed, "COMMAND-JKLJ3", "Errors.User.MFA.OTP.NotReady");
    public static readonly DomainError CheckWithoutUser = new(ErrorKind.InvalidArgument, "COMMAND-S453v", "Errors.User.UserIDMissing");
    public static readonly DomainError CodeEmpty = new(ErrorKind.InvalidArgument, "COMMAND-SJl2g", "Errors.User.Code.Empty");
    public static readonly DomainError CheckNotReady = new(ErrorKind.PreconditionFailed, "COMMAND-d2r52", "Errors.User.MFA.OTP.NotReady");
    public static readonly DomainError NoOpenChallenge = new(ErrorKind.PreconditionFailed, "COMMAND-S34gh", "Errors.User.Code.NotFound");
    public static readonly DomainError CodeExpired = new(ErrorKind.PreconditionFailed, "CODE-QvUQ4P", "Errors.User.Code.Expired");
    public static readonly DomainError CodeInvalid = new(ErrorKind.InvalidArgument, "CODE-woT0xc", "Errors.User.Code.Invalid");
    public static readonly DomainError UserLocked = new(ErrorKind.PreconditionFailed, "COMMAND-S6h4R", "Errors.User.Locked");
    public static readonly DomainError UrlTemplateInvalid = new(ErrorKind.InvalidArgument, "DOMAIN-oGh5e", "Errors.User.InvalidURLTemplate");
    public static readonly DomainError UrlTemplateRenderFailed = new(ErrorKind.InvalidArgument, "DOMAIN-ieYa7", "Errors.User.InvalidURLTemplate");

    public static DomainError SendCooldown(TimeSpan retryAfter) =>
        new(ErrorKind.ResourceExhausted, "SESSION-otpCool", "Errors.TooManyRequests")
        {
            Hint = RetryHint(retryAfter),
            RetryAfter = retryAfter,
        };

    public static DomainError AddressLimit(TimeSpan retryAfter) =>
        new(ErrorKind.ResourceExhausted, "SESSION-otpAddr", "Errors.TooManyRequests")
        {
            Hint = RetryHint(retryAfter),
            RetryAfter = retryAfter,
        };

    private static string RetryHint(TimeSpan retryAfter) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retry in {Math.Ceiling(retryAfter.TotalSeconds)}s");
}
