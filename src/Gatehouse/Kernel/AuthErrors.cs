
namespace Gatehouse.Kernel;

/// <summary>
/// Authentication and authorization failures (docs/zitadel-wire.md §3.6). They come from the authorization step, so ZITADEL
/// never translates them: <see cref="DomainError.Translate"/> is off.
/// </summary>
internal static class AuthErrors
{
    public const string HeaderMissing = "auth header missing";

    public static readonly DomainError InvalidHeader = Raw(ErrorKind.Unauthenticated, "AUTH-toLo1", "invalid auth header");
    public static readonly DomainError TokenInvalid = Raw(ErrorKind.Unauthenticated, "AUTH-7fs1e", "Errors.Token.Invalid");
    public static readonly DomainError OrgNotFound = Raw(ErrorKind.PermissionDenied, "AUTH-Bs7Ds", "Organisation doesn't exist");
    public static readonly DomainError AuthenticationRequired = Raw(ErrorKind.PermissionDenied, "AUTHZ-Kl3p0", "authentication required");
    public static readonly DomainError SessionExpired = Raw(ErrorKind.PermissionDenied, "AUTHZ-EGDo3", "session expired");
    public static readonly DomainError SessionNotExisting = Raw(ErrorKind.NotFound, "QUERY-SFeaa", "Errors.Session.NotExisting");
    public static readonly DomainError NoMatchingPermissionsInterceptor = Raw(ErrorKind.PermissionDenied, "AUTH-5mWD2", "No matching permissions found");
    public static readonly DomainError NoMatchingPermissions = Raw(ErrorKind.PermissionDenied, "AUTH-AWfge", "No matching permissions found");
    /// <summary>Gatehouse's own: the session has not checked every factor of its user (the token-validity rule in Auth/).</summary>
    public static readonly DomainError EveryFactorRequired = Raw(ErrorKind.PermissionDenied, "AUTHZ-Mfa2q", "every authentication factor of the user must be checked");

    /// <summary>Gatehouse's own: a one-time code is returned only to a login client, never to the session it signs in.</summary>
    public static readonly DomainError ReturnCodeDenied = Raw(ErrorKind.PermissionDenied, "AUTHZ-Rc0de", "returnCode needs the session.write permission of a login client");

    public static readonly DomainError MembershipNotFound = Raw(ErrorKind.NotFound, "AUTHZ-cdgFk", "membership not found");

    private static DomainError Raw(ErrorKind kind, string id, string text) => new(kind, id, text) { Translate = false };
}
