namespace Gatehouse.Kernel;

/// <summary>
/// A mail a decision asks for. It is stored (encrypted) in the outbox in the same transaction as the events, and
/// delivered later by the worker, so a crash or an SMTP outage cannot lose it. <see cref="NotAfter"/> is when the
/// content (a code) stops being useful; an undelivered mail is then dropped instead of sent. After delivery the
/// worker appends <see cref="SentEvent"/> (e.g. <c>user.human.email.code.sent</c>) to the stream that asked for it.
/// </summary>
internal sealed record MailRequest(
    string Template,
    string Recipient,
    string? Language,
    IReadOnlyDictionary<string, string> Values,
    DateTimeOffset? NotAfter,
    string? SentEvent = null);
