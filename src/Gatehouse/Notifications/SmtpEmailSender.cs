using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gatehouse.Notifications;

/// <summary>
/// Sends through an SMTP server, one connection per message. Mail volume is one message per sign-in code, so the
/// connection set-up cost does not matter yet; a pooled, reused connection can come later if it does.
/// </summary>
/// <remarks>
/// Logs carry the recipient's domain, the message id and the outcome only: the body holds a sign-in code and the
/// full address is personal data.
/// </remarks>
internal sealed class SmtpEmailSender(SmtpOptions options, TimeProvider time, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    // Validated here as well as at start-up, so a sender built by hand cannot run with unchecked settings.
    private readonly MailboxAddress from = options.Validated().GetFromAddress();
    private readonly string host = string.IsNullOrWhiteSpace(options.Host)
        ? throw new ArgumentException($"{SmtpOptions.SectionName}:Host is required to send through SMTP.", nameof(options))
        : options.Host.Trim();

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);

        var mime = EmailMimeBuilder.Build(message, from, time.GetUtcNow());
        var messageId = mime.MessageId!; // always set by the builder
        var recipientDomain = mime.To.Mailboxes.Single().Domain;

        using var client = new SmtpClient { Timeout = (int)options.GetTimeout().TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, options.GetPort(), options.GetSecureSocketOptions(), ct);
            if (!string.IsNullOrWhiteSpace(options.User))
            {
                await client.AuthenticateAsync(options.User, options.Password ?? string.Empty, ct);
            }

            await client.SendAsync(mime, ct);
        }
        catch (Exception ex) when (IsDeliveryFailure(ex, ct))
        {
            var permanent = IsPermanent(ex);
            var outcome = Describe(ex);
            logger.LogWarning(
                "Email {MessageId} to a recipient at {RecipientDomain} failed {Permanence}: {Outcome}",
                messageId, recipientDomain, permanent ? "permanently" : "transiently", outcome);
            throw new EmailDeliveryException($"SMTP delivery of {messageId} failed: {outcome}", permanent, ex);
        }

        logger.LogInformation("Email {MessageId} to a recipient at {RecipientDomain} accepted by {Host}", messageId, recipientDomain, host);
        await QuitAsync(client, messageId, ct);
    }

    // The server has accepted the message; a failure while saying goodbye must not turn into a retry and a duplicate.
    private async Task QuitAsync(SmtpClient client, string messageId, CancellationToken ct)
    {
        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception ex)
        {
            logger.LogDebug("QUIT after email {MessageId} failed: {Error}", messageId, ex.GetType().Name);
        }
    }

    private static bool IsDeliveryFailure(Exception ex, CancellationToken ct) => ex switch
    {
        // The caller giving up is not a delivery failure; a cancellation from inside the network stack is.
        OperationCanceledException => !ct.IsCancellationRequested,
        CommandException or ProtocolException or AuthenticationException or SslHandshakeException => true,
        IOException or SocketException or TimeoutException => true,
        // MailKit's answer when the server lacks an extension we rely on: STARTTLS, or AUTH while a user is configured.
        NotSupportedException => true,
        _ => false,
    };

    // Only a 5xx answer about this recipient or this message is final. A 5xx on AUTH or MAIL FROM is about our own
    // account or sender address: every message would fail the same way until the configuration is fixed, so those
    // stay transient instead of discarding mail.
    private static bool IsPermanent(Exception ex) =>
        ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } command
        && (int)command.StatusCode >= 500;

    // The server's reply text often repeats the recipient address, so only its code is described.
    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"{command.ErrorCode} ({(int)command.StatusCode} {command.StatusCode})",
        SocketException socket => $"{nameof(SocketException)} ({socket.SocketErrorCode})",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
