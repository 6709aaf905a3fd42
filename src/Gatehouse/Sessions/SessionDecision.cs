using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// A session decision touches two aggregates: the session, and the user (check results, lockout). Failed checks
/// still record their user events, but then nothing is written to the session (docs/otp-email.md §5.1, step 6).
/// </summary>
internal sealed record SessionDecision(IReadOnlyList<SessionEvent> Session, IReadOnlyList<UserEvent> User, DomainError? Error = null)
{
    /// <summary>Mails to send once committed, enqueued with the user's events.</summary>
    public IReadOnlyList<MailRequest> Mails { get; init; } = [];

    /// <summary>The plain code for <c>returnCode</c> challenges, for the response only.</summary>
    public string? ReturnedCode { get; init; }

    public static SessionDecision Reject(DomainError error, params UserEvent[] userEvents) => new([], userEvents, error);

    public static implicit operator SessionDecision(DomainError error) => Reject(error);
}
