using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// What a step of a session decides, and what the session's decision composed of its steps returns: events for the
/// session and for its user (check results, lockout), mails, and a code to hand back. Failed checks still record
/// their user events, but then nothing is written to the session (docs/otp-email.md §5.1, step 6). It sits in Users/,
/// the lowest folder that knows both kinds of event, so a factor (OtpEmail/) and the session (Sessions/) return one
/// shape, and the command runner appends it one way.
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
