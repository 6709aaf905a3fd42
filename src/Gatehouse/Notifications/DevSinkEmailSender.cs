using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Gatehouse.Notifications;

/// <summary>
/// The development stand-in for SMTP: each message becomes an .eml file under <c>&lt;dataPath&gt;/mail/</c> that any
/// mail client opens. Files are named <c>yyyyMMddTHHmmssfff-&lt;message id&gt;.eml</c> (UTC) so a directory listing
/// is in sending order; sending the same message id again overwrites its file, as a receiver would drop a duplicate.
/// </summary>
internal sealed class DevSinkEmailSender(string dataPath, MailboxAddress from, TimeProvider time, ILogger<DevSinkEmailSender> logger) : IEmailSender
{
    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff";
    private const int MaxIdLength = 100;

    // Serialises "find the existing file for this id, else pick a new name, then move": two concurrent sends of one
    // id must not both decide the file is new.
    private readonly Lock nameGate = new();

    public string MailDirectory { get; } = Path.Combine(dataPath, "mail");

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);

        var now = time.GetUtcNow();
        var mime = EmailMimeBuilder.Build(message, from, now);
        var messageId = mime.MessageId!; // always set by the builder
        var suffix = "-" + ToFileNamePart(messageId) + ".eml";

        string path;
        try
        {
            // The mails hold live codes: the folder and each file are the service user's alone.
            Storage.OwnerOnlyFiles.CreateDirectory(MailDirectory);
            Storage.OwnerOnlyFiles.Restrict(MailDirectory, directory: true);

            // Written beside the target and moved into place, so a reader never sees half a message. The temporary
            // name does not end in .eml and starts with a dot, so it is not mistaken for mail.
            var temp = Path.Combine(MailDirectory, $".{Guid.NewGuid():N}.tmp");
            try
            {
                var fileOptions = Storage.OwnerOnlyFiles.Options(FileMode.CreateNew, FileOptions.Asynchronous);
                await using (var stream = new FileStream(temp, fileOptions))
                {
                    await mime.WriteToAsync(stream, ct);
                    stream.Flush(flushToDisk: true);
                }

                lock (nameGate)
                {
                    path = FindExisting(suffix)
                        ?? Path.Combine(MailDirectory, now.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + suffix);
                    File.Move(temp, path, overwrite: true);
                }
            }
            finally
            {
                File.Delete(temp);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EmailDeliveryException($"Writing email {messageId} to {MailDirectory} failed: {ex.Message}", isPermanent: false, ex);
        }

        // The path, never the body: the body holds a sign-in code.
        logger.LogInformation("Email {MessageId} written to {Path}", messageId, Path.GetFullPath(path));
    }

    private string? FindExisting(string suffix)
    {
        var expectedLength = TimestampFormat.Length - 2 + suffix.Length; // minus the quotes around T
        return Directory.EnumerateFiles(MailDirectory, "*" + suffix)
            .Where(file => Path.GetFileName(file) is var name && name.Length == expectedLength && name.EndsWith(suffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    // Message ids may hold characters that are unsafe in file names ('/', '?', '*', '|'). Those become '_'; the name
    // then gets a hash of the full id so two ids that differ only there cannot overwrite each other's file.
    private static string ToFileNamePart(string messageId)
    {
        var safe = new StringBuilder(messageId.Length);
        foreach (var c in messageId)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' or '+' or '=' ? c : '_');
        }

        var part = safe.ToString();
        if (part == messageId && part.Length <= MaxIdLength)
        {
            return part;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..12];
        return part[..Math.Min(part.Length, MaxIdLength)] + "-" + hash;
    }
}
