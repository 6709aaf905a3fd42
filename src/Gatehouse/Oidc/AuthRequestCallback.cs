using Gatehouse.Kernel;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Oidc;

/// <summary>The session a login hands over in CreateCallback, with what was read about it before the decision.</summary>
internal sealed record CallbackSession(SessionState Session, UserRow? User, bool TokenMatches);

/// <summary>
/// What the application behind the request and the login policy demand, worked out before the decision: a second
/// factor (<see cref="SecondFactor"/>) and, for the organization scopes, whether the session's user is admitted.
/// </summary>
internal sealed record CallbackRules(SecondFactorDemand SecondFactor, bool OrganizationAdmitted);

/// <summary>
/// CreateCallback with a session, as a pure rule: the request must still wait for its login, and the session must
/// satisfy it exactly as the hosted login's would — the same <see cref="SecondFactor"/> rule (login policy included), the organization
/// scopes and <c>max_age</c>. A refused session leaves the request open, so the login can finish the sign-in (the
/// email code) and call again.
/// </summary>
internal static class AuthRequestCallback
{
    public static DomainError? Decide(AuthRequest? request, CallbackSession handedOver, CallbackRules rules, DateTimeOffset now)
    {
        if (request is null)
        {
            return AuthRequestErrors.CallbackNotExisting;
        }

        if (request.State != AuthRequestState.Added)
        {
            return AuthRequestErrors.AlreadyHandled;
        }

        if (request.IsExpired(now))
        {
            return AuthRequestErrors.CallbackNotExisting;
        }

        var session = handedOver.Session;
        if (!session.Exists)
        {
            return session.Terminated ? SessionErrors.Terminated : AuthRequestErrors.SessionNotExisting;
        }

        if (session.IsExpired(now))
        {
            return SessionErrors.Expired;
        }

        if (!handedOver.TokenMatches)
        {
            return SessionErrors.TokenMismatch;
        }

        if (handedOver.User is not { State: UserStates.Active } user)
        {
            return SessionErrors.UserNotActive;
        }

        switch (SecondFactor.Next(session, user.OtpEmail, rules.SecondFactor, now))
        {
            case SignInStep.LoginName:
                return AuthRequestErrors.SessionNotExisting;
            case SignInStep.Password:
                return AuthRequestErrors.NoPassword;
            case SignInStep.OtpEmail or SignInStep.SecondFactorMissing:
                return AuthRequestErrors.SecondFactorMissing;
        }

        if (!rules.OrganizationAdmitted)
        {
            return AuthRequestErrors.WrongOrganization;
        }

        return SignInAge.IsTooOld(SignInProgress.AuthenticatedAt(session), request.MaxAge, now) ? AuthRequestErrors.TooOld : null;
    }
}
