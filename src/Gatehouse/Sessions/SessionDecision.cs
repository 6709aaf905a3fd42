using Gatehouse.Domain;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// A session decision touches two aggregates: the session, and the user (check results, lockout). Failed checks
/// still record their user events, but then nothing is written to the session (otp-email-behaviour §5.1.6).
/// </summary>
internal sealed record SessionDecision(IReadOnlyList<SessionEvent> Session, IReadOnlyList<UserEvent> User, DomainError? Error = null)
{
    public static SessionDecision Reject(DomainError error, params UserEvent[] userEvents) => new([], userEvents, error);

    public static implicit operator SessionDecision(DomainError error) => Reject(error);
}
