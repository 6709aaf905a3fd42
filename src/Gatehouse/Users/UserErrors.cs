using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>The user errors with ZITADEL's ids and i18n keys (docs/zitadel-wire.md §8.1–8.4). Ids are per operation on purpose.</summary>
internal static class UserErrors
{
    // Email, v1 self-service (docs/zitadel-wire.md §8.2)
    public static readonly DomainError EmailEmpty = new(ErrorKind.InvalidArgument, "EMAIL-spblu", "Errors.User.Email.Empty");
    public static readonly DomainError EmailInvalid = new(ErrorKind.InvalidArgument, "EMAIL-599BI", "Errors.User.Email.Invalid");
    public static readonly DomainError SetEmailNoHuman = new(ErrorKind.PreconditionFailed, "COMMAND-0Pe4r", "Errors.User.Email.NotFound");
    public static readonly DomainError EmailNotChanged = new(ErrorKind.PreconditionFailed, "COMMAND-2b7fM", "Errors.User.Email.NotChanged");
    public static readonly DomainError VerifyCodeNotFound = new(ErrorKind.NotFound, "COMMAND-3n8ud", "Errors.User.Code.NotFound");
    /// <summary>Gatehouse's own limit: ZITADEL's "code not found", with a hint that a new code is needed.</summary>
    public static readonly DomainError VerifyCodeExhausted = VerifyCodeNotFound with { Hint = "too many wrong codes, request a new code" };
    public static readonly DomainError VerifyCodeInvalid = new(ErrorKind.InvalidArgument, "COMMAND-Gdsgs", "Errors.User.Code.Invalid");
    public static readonly DomainError VerifyCodeEmpty = new(ErrorKind.InvalidArgument, "COMMAND-çm0ds", "Errors.User.Code.Empty");
    public static readonly DomainError ResendNoHuman = new(ErrorKind.NotFound, "COMMAND-0Pe4r", "Errors.User.Email.NotFound");
    public static readonly DomainError EmailAlreadyVerified = new(ErrorKind.PreconditionFailed, "COMMAND-3M9ds", "Errors.User.Email.AlreadyVerified");

    // Throttled verification mails: Gatehouse's own (ZITADEL has no limit), so the ids are ours.
    public static DomainError VerificationCooldown(TimeSpan retryAfter) =>
        new(ErrorKind.ResourceExhausted, "USER-mailCool", "Errors.TooManyRequests") { Hint = RetryHint(retryAfter), RetryAfter = retryAfter };

    public static DomainError VerificationAddressLimit(TimeSpan retryAfter) =>
        new(ErrorKind.ResourceExhausted, "USER-mailAddr", "Errors.TooManyRequests") { Hint = RetryHint(retryAfter), RetryAfter = retryAfter };

    public static readonly DomainError UserNotFoundQuery = new(ErrorKind.NotFound, "QUERY-Hms2s", "Errors.User.NotFound");
    public static readonly DomainError UserNotHuman = new(ErrorKind.PreconditionFailed, "QUERY-pt7HY", "Errors.User.NotHuman");
    public static readonly DomainError MyUserNotFound = new(ErrorKind.NotFound, "QUERY-Dfbg2", "Errors.User.NotFound");

    // Users and PATs (docs/zitadel-wire.md §8.4)
    public static readonly DomainError UserNameBlank = new(ErrorKind.InvalidArgument, "V2-zzad3", "Errors.Invalid.Argument");
    public static readonly DomainError FirstNameEmpty = new(ErrorKind.InvalidArgument, "USER-UCej2", "Errors.User.Profile.FirstNameEmpty");
    public static readonly DomainError LastNameEmpty = new(ErrorKind.InvalidArgument, "USER-4hB7d", "Errors.User.Profile.LastNameEmpty");
    public static readonly DomainError UserIdExists = new(ErrorKind.PreconditionFailed, "COMMAND-7yiox1isql", "Errors.User.AlreadyExisting");
    public static readonly DomainError UserNameTaken = new(ErrorKind.AlreadyExists, "V3-DKcYh", "Errors.User.AlreadyExists");
    public static readonly DomainError PasswordTooShort = new(ErrorKind.InvalidArgument, "DOMAIN-HuJf6", "Errors.User.PasswordComplexityPolicy.MinLength");
    public static readonly DomainError PasswordNoLower = new(ErrorKind.InvalidArgument, "DOMAIN-co3Xw", "Errors.User.PasswordComplexityPolicy.HasLower");
    public static readonly DomainError PasswordNoUpper = new(ErrorKind.InvalidArgument, "DOMAIN-VoaRj", "Errors.User.PasswordComplexityPolicy.HasUpper");
    public static readonly DomainError PasswordNoNumber = new(ErrorKind.InvalidArgument, "DOMAIN-ZBv4H", "Errors.User.PasswordComplexityPolicy.HasNumber");
    public static readonly DomainError PasswordNoSymbol = new(ErrorKind.InvalidArgument, "DOMAIN-ZDLwA", "Errors.User.PasswordComplexityPolicy.HasSymbol");
    public static readonly DomainError MachineInvalid = new(ErrorKind.InvalidArgument, "COMMAND-bs9Ds", "Errors.User.Invalid");
    public static readonly DomainError MachineUserNameInvalid = new(ErrorKind.InvalidArgument, "COMMAND-bm9Ds", "Errors.User.Invalid");
    public static readonly DomainError MachineIdExists = new(ErrorKind.PreconditionFailed, "COMMAND-k2una", "Errors.User.AlreadyExisting");
    public static readonly DomainError PatUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-0pzb1", "Errors.User.UserIDMissing");
    public static readonly DomainError PatExpiredBeforeNow = new(ErrorKind.InvalidArgument, "DOMAIN-dv3t5", "Errors.AuthNKey.ExpireBeforeNow");
    public static readonly DomainError PatUserNotFound = new(ErrorKind.PreconditionFailed, "COMMAND-Dggw2", "Errors.User.NotFound");
    public static readonly DomainError PatWrongUserType = new(ErrorKind.PreconditionFailed, "COMMAND-Df2f1", "Errors.User.WrongType");
    public static readonly DomainError TargetNotFound = new(ErrorKind.NotFound, "COMMAND-4g3xq", "Errors.NotFound");

    // Email, v2 (docs/zitadel-wire.md §8.3)
    public static readonly DomainError V2EmailUserNotFound = new(ErrorKind.NotFound, "COMMAND-ieJ2e", "Errors.User.Email.NotFound");
    public static readonly DomainError V2EmailNotChanged = new(ErrorKind.PreconditionFailed, "COMMAND-Uch5e", "Errors.User.Email.NotChanged");
    public static readonly DomainError V2ResendNoCode = new(ErrorKind.PreconditionFailed, "EMAIL-5w5ilin4yt", "Errors.User.Code.Empty");
    public static readonly DomainError V2VerifyCodeInvalid = new(ErrorKind.InvalidArgument, "COMMAND-eis9R", "Errors.User.Code.Invalid");
    public static readonly DomainError V2VerifyCodeEmpty = new(ErrorKind.InvalidArgument, "COMMAND-Fia4a", "Errors.User.Code.Empty");
    public static readonly DomainError UrlTemplateInvalid = new(ErrorKind.InvalidArgument, "DOMAIN-oGh5e", "Errors.User.InvalidURLTemplate");
    public static readonly DomainError UrlTemplateRenderFailed = new(ErrorKind.InvalidArgument, "DOMAIN-ieYa7", "Errors.User.InvalidURLTemplate");

    // Unlock (docs/zitadel-wire.md §8.4)
    public static readonly DomainError UnlockUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-a9ld4xckax", "Errors.User.UserIDMissing");
    public static readonly DomainError UnlockUserNotFound = new(ErrorKind.NotFound, "COMMAND-x377t913pw", "Errors.User.NotFound");
    public static readonly DomainError UserNotLocked = new(ErrorKind.PreconditionFailed, "COMMAND-olb9vb0oca", "Errors.User.NotLocked");

    // Lock, delete, skip second-factor set-up (docs/zitadel-wire.md §8.4)
    public static readonly DomainError LockUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-agz3eczifm", "Errors.User.UserIDMissing");
    public static readonly DomainError LockUserNotFound = new(ErrorKind.NotFound, "COMMAND-450yxuqrh1", "Errors.User.NotFound");
    public static readonly DomainError UserNotActive = new(ErrorKind.PreconditionFailed, "COMMAND-lgws8wtsqf", "Errors.User.ShouldBeActiveOrInitial");
    public static readonly DomainError DeleteUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-vaipl7s13l", "Errors.User.UserIDMissing");
    public static readonly DomainError DeleteUserNotFound = new(ErrorKind.NotFound, "COMMAND-bd4ir1mblj", "Errors.User.NotFound");
    public static readonly DomainError SkipMfaUserIdMissing = new(ErrorKind.InvalidArgument, "COMMAND-Wei5kooz1i", "Errors.User.UserIDMissing");
    public static readonly DomainError SkipMfaUserNotFound = new(ErrorKind.NotFound, "COMMAND-auj6jeBei4", "Errors.User.NotFound");

    // Machine credentials: client secrets and keys (docs/zitadel-wire.md §8.6)
    public static readonly DomainError SecretUserNotExisting = new(ErrorKind.PreconditionFailed, "COMMAND-x8910n", "Errors.User.NotExisting");
    public static readonly DomainError RemoveSecretUserNotExisting = new(ErrorKind.PreconditionFailed, "COMMAND-x7s802", "Errors.User.NotExisting");
    public static readonly DomainError SecretNotExisting = new(ErrorKind.PreconditionFailed, "COMMAND-coi82n", "Errors.User.Machine.Secret.NotExisting");
    public static readonly DomainError KeyUserNotFound = new(ErrorKind.PreconditionFailed, "COMMAND-bnipwm1", "Errors.User.NotFound");
    public static readonly DomainError KeyInvalid = new(ErrorKind.InvalidArgument, "COMMAND-5F3h1", "Errors.User.Machine.Key.Invalid");
    public static readonly DomainError KeyNotFound = new(ErrorKind.NotFound, "COMMAND-4m77G", "Errors.User.Machine.Key.NotFound");

    private static string RetryHint(TimeSpan retryAfter) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retry in {Math.Ceiling(retryAfter.TotalSeconds)}s");
}
