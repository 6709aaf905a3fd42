namespace Gatehouse.Users;

/// <summary>
/// How many code mails an address received recently, by the keyed hash of the address. Verification mails are counted
/// in the same log as sign-in code mails (SECURITY.md, "Mailboxes"); the log belongs to OtpEmail, which implements this.
/// </summary>
internal interface IMailSendLog
{
    Task<(int Count, DateTimeOffset? Oldest)> RecentSendsAsync(string recipientHash, CancellationToken ct);
}
