using Zitadel.Oidc.V2;

namespace Gatehouse.Oidc;

/// <summary>
/// The OAuth error code an application receives for the reason a login gave (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6),
/// as ZITADEL translates them; an unspecified reason is a server error.
/// </summary>
internal static class AuthorizationErrors
{
    public static string Code(ErrorReason reason) => reason switch
    {
        ErrorReason.InvalidRequest => "invalid_request",
        ErrorReason.UnauthorizedClient => "unauthorized_client",
        ErrorReason.AccessDenied => "access_denied",
        ErrorReason.UnsupportedResponseType => "unsupported_response_type",
        ErrorReason.InvalidScope => "invalid_scope",
        ErrorReason.TemporaryUnavailable => "temporarily_unavailable",
        ErrorReason.InteractionRequired => "interaction_required",
        ErrorReason.LoginRequired => "login_required",
        ErrorReason.AccountSelectionRequired => "account_selection_required",
        ErrorReason.ConsentRequired => "consent_required",
        ErrorReason.InvalidRequestUri => "invalid_request_uri",
        ErrorReason.InvalidRequestObject => "invalid_request_object",
        ErrorReason.RequestNotSupported => "request_not_supported",
        ErrorReason.RequestUriNotSupported => "request_uri_not_supported",
        ErrorReason.RegistrationNotSupported => "registration_not_supported",
        _ => "server_error",
    };
}
