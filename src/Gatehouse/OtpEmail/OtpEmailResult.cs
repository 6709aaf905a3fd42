using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// What a challenge or check decided: events for the session and the user, mails, and the code to hand back; or an
/// error, with the user events it still records (a wrong code counts even though the check fails).
/// </summary>
internal sealed record OtpEmailResult(IReadOnlyList<SessionEvent> Session, IReadOnlyList<UserEvent> User, DomainError? Error = null)
{
    /// <summary>Mails to send once committed, enqueued with the user's events.</summary>
    public IReadOnlyList<MailRequest> Mails { get; init; } = [];

    /// <summary>The plain code of a <c>returnCode</c> challenge, for the response only.</summary>
    public string? ReturnedCode { get; init; }

    public static OtpEmailResult Reject(DomainError error, params UserEvent[] userEvents) => new([], userEvents, error);

    public static implicit operator OtpEmailResult(DomainError error) => Reject(error);
}
