using MimeKit;

namespace Gatehouse.Notifications;

/// <summary>The one place an <see cref="EmailMessage"/> becomes a MIME message, so SMTP and the dev sink send identical bytes.</summary>
internal static class EmailMimeBuilder
{
    // A host for Message-IDs when the From domain cannot serve as one (an internationalised domain is not dot-atom text).
    private const string FallbackMessageIdHost = "localhost";

    /// <exception cref="EmailDeliveryException">The recipient address is unusable (permanent: retrying cannot fix it).</exception>
    /// <exception cref="ArgumentException">The message id is not a valid msg-id; that is the caller's bug, not a delivery failure.</exception>
    public static MimeMessage Build(EmailMessage message, MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);

        var mime = new MimeMessage
        {
            Date = date,
            Subject = message.Subject,
            MessageId = ToMessageId(message.MessageId, from),
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        // A copy: an address list subscribes to its addresses' change events, so adding the sender's one long-lived
        // From address to every message would make that address keep every message ever sent alive.
        mime.From.Add(new MailboxAddress(from.Name, from.Address));
        mime.To.Add(ParseRecipient(message));
        // RFC 3834: tells vacation responders and ticket systems not to answer a machine-sent code.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return mime;
    }

    /// <summary>The msg-id without angle brackets (MimeKit adds them when it writes the header).</summary>
    public static string ToMessageId(string messageId, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(from);

        var id = messageId.Trim();
        if (id.Length >= 2 && id[0] == '<' && id[^1] == '>')
        {
            id = id[1..^1];
        }

        var at = id.IndexOf('@', StringComparison.Ordinal);
        string left, right;
        if (at < 0)
        {
            left = id;
            right = IsDotAtomText(from.Domain) ? from.Domain : FallbackMessageIdHost;
        }
        else
        {
            left = id[..at];
            right = id[(at + 1)..];
        }

        // MimeKit's MessageId setter silently drops characters it cannot parse, which would break the
        // "same event, same Message-ID" promise without anyone noticing; refuse instead.
        if (!IsDotAtomText(left) || !IsDotAtomText(right))
        {
            throw new ArgumentException(
                $"Message id \"{messageId}\" is not a valid RFC 5322 msg-id (expected left@host with letters, digits and !#$%&'*+-/=?^_`{{|}}~. only).",
                nameof(messageId));
        }

        return left + "@" + right;
    }

    private static MailboxAddress ParseRecipient(EmailMessage message)
    {
        // The address itself stays out of the exception message: it is personal data and these messages end up in logs.
        if (!MailboxAddress.TryParse(message.To, out var parsed) || !string.IsNullOrEmpty(parsed.Name) || parsed.Domain.Length == 0)
        {
            throw new EmailDeliveryException("The recipient is not a single valid email address.", isPermanent: true);
        }

        return new MailboxAddress(message.ToName, parsed.Address);
    }

    // RFC 5322 §3.2.3 dot-atom-text: atext runs separated by single dots.
    private static bool IsDotAtomText(string value)
    {
        if (value.Length == 0 || value[0] == '.' || value[^1] == '.' || value.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
