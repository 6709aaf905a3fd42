using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.Auth;

/// <summary>
/// The one rule for whether a bearer token still counts, for every kind of token and every path that accepts one
/// (the API's interceptor, the OIDC admin endpoints). Only an active user's tokens pass — a locked user is refused
/// everywhere, as in ZITADEL; a session-bound token needs an open, unexpired session that checked at least one
/// factor, and is partial unless it checked every factor its user enrolled (<see cref="FactorRule"/>).
/// </summary>
internal static class TokenValidity
{
    public static TokenVerdict Check(TokenFacts token, long now)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Kind is TokenKind.PersonalAccessToken or TokenKind.OidcMachine)
        {
            return token.ExpiresAt < now || !token.UserFound || token.UserState != UserStates.Active
                ? TokenVerdict.Refused(AuthErrors.TokenInvalid)
                : TokenVerdict.Valid(passedEveryFactor: true);
        }

        // ZITADEL tells the holder of a session token why its session no longer counts; an OIDC access token whose
        // session ended, or whose user is gone or locked, is simply an invalid token.
        var oidc = token.Kind == TokenKind.Oidc;
        if (token.SessionEnded)
        {
            return TokenVerdict.Refused(oidc ? AuthErrors.TokenInvalid : AuthErrors.SessionNotExisting);
        }

        if (token.ExpiresAt < now)
        {
            return TokenVerdict.Refused(oidc ? AuthErrors.TokenInvalid : AuthErrors.SessionExpired);
        }

        if (oidc && (!token.UserFound || token.UserState != UserStates.Active))
        {
            return TokenVerdict.Refused(AuthErrors.TokenInvalid);
        }

        if (!token.UserFound || (token.PasswordCheckedAt is null && token.OtpEmailCheckedAt is null))
        {
            return TokenVerdict.Refused(AuthErrors.AuthenticationRequired);
        }

        if (token.UserState != UserStates.Active)
        {
            return TokenVerdict.Refused(AuthErrors.TokenInvalid);
        }

        return TokenVerdict.Valid(FactorRule.PassedEveryFactor(
            token.UserHasPassword, token.PasswordCheckedAt, token.UserHasOtpEmail, token.OtpEmailCheckedAt));
    }
}
