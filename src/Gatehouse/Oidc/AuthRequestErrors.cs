using Gatehouse.Kernel;

namespace Gatehouse.Oidc;

/// <summary>
/// Errors of the OIDC v2 service with ZITADEL's ids and keys where ZITADEL has them (docs/zitadel-wire.md §11.4);
/// the <c>OIDC-ar…</c> ids are Gatehouse's own, for rules ZITADEL does not check at this point.
/// </summary>
internal static class AuthRequestErrors
{
    public static readonly DomainError NotExisting = new(ErrorKind.NotFound, "QUERY-Thee9", "Errors.AuthRequest.NotExisting");
    public static readonly DomainError CallbackNotExisting = new(ErrorKind.NotFound, "COMMAND-jae5P", "Errors.AuthRequest.NotExisting");
    public static readonly DomainError AlreadyHandled = new(ErrorKind.PreconditionFailed, "COMMAND-Sx208nt", "Errors.AuthRequest.AlreadyHandled");
    public static readonly DomainError FailAlreadyHandled = new(ErrorKind.PreconditionFailed, "COMMAND-Sx202nt", "Errors.AuthRequest.AlreadyHandled");
    public static readonly DomainError SessionNotExisting = new(ErrorKind.NotFound, "COMMAND-x0099887", "Errors.Session.NotExisting");

    /// <summary>The request asks for a second factor (acr_values=mfa, the application's RequireMfa, or the user has one) the session has not checked.</summary>
    public static readonly DomainError SecondFactorMissing = new(ErrorKind.PreconditionFailed, "OIDC-arMfa", "Errors.AuthRequest.SecondFactorMissing");

    /// <summary>The request admits only users of one organization (urn:zitadel:iam:org:id:… or …:domain:primary:…).</summary>
    public static readonly DomainError WrongOrganization = new(ErrorKind.PreconditionFailed, "OIDC-arOrg", "Errors.AuthRequest.WrongOrganization");

    /// <summary>The session's last check is older than the request's max_age.</summary>
    public static readonly DomainError TooOld = new(ErrorKind.PreconditionFailed, "OIDC-arAge", "Errors.AuthRequest.MaxAgeExceeded");

    public static readonly DomainError NoPassword = new(ErrorKind.PreconditionFailed, "OIDC-arPwd", "Errors.AuthRequest.PasswordNotChecked");
}
