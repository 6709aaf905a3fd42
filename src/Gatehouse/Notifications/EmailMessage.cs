namespace Gatehouse.Notifications;

/// <summary>One mail to one recipient, as the outbox worker hands it to an <see cref="IEmailSender"/>.</summary>
/// <param name="MessageId">
/// Derived by the caller from the event that asked for the mail, so a retried send carries the same
/// Message-ID header and receivers can drop the duplicate. Either <c>left@host</c> (angle brackets optional)
/// or just <c>left</c>, in which case the domain of the configured From address is used as the host.
/// </param>
/// <param name="To">The bare recipient address (<c>ada@example.com</c>), without a display name.</param>
internal sealed record EmailMessage(
    string MessageId,
    string To,
    string Subject,
    string TextBody,
    string HtmlBody,
    string? ToName = null);
