using MimeKit;

namespace Gatehouse.Tests.Notifications;

/// <summary>What the in-process SMTP server saw for one message: the envelope, the session's login and TLS state, and the parsed content.</summary>
internal sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string? AuthenticatedUser, bool OverTls, MimeMessage Message);
