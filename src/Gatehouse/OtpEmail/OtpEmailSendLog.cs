using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// The per-address count of code mails (table <c>otp_email_sends</c>, kept by <see cref="OtpEmailSendProjection"/>).
/// Addresses are compared by keyed hash, so the log holds no addresses. It is read before the decision, outside the
/// append's optimistic concurrency: two mails racing to one address may both pass the cap by one (SECURITY.md).
/// </summary>
internal sealed class OtpEmailSendLog(IReadModels readModels, OtpEmailPolicy policy, TimeProvider time) : IMailSendLog
{
    public async Task<(int Count, DateTimeOffset? Oldest)> RecentSendsAsync(string recipientHash, CancellationToken ct)
    {
        var sends = await RecentAsync(recipientHash, ct);
        return (sends.Count, sends.Oldest);
    }

    public async Task<RecentSends> RecentAsync(string recipientHash, CancellationToken ct)
    {
        var since = UnixMicroseconds.From(time.GetUtcNow() - policy.AddressWindow);
        var row = await readModels.QuerySingleAsync(
            "SELECT COUNT(*), MIN(sent_at) FROM otp_email_sends WHERE recipient = @recipient AND sent_at > @since",
            r => new SendCount(r.GetInt64(0), r.NullableInt64(1)), ct, ("@recipient", recipientHash), ("@since", since));
        return row is null ? RecentSends.None : new RecentSends((int)row.Count, row.Oldest is { } oldest ? UnixMicroseconds.ToTime(oldest) : null);
    }

    private sealed record SendCount(long Count, long? Oldest);
}
