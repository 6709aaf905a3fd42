using System.Data.Common;
using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// Keeps <c>otp_email_sends</c> in the append's transaction: one row per mailed code, sign-in codes and verification
/// codes alike, by the keyed hash of the address (the events carry it as <c>recipient</c>).
/// </summary>
internal sealed class OtpEmailSendProjection : IInlineProjection
{
    public async Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType != UserEvents.AggregateType)
            {
                continue;
            }

            var recipient = UserEvents.Codec.Decode(stored) switch
            {
                OtpEmailCodeAdded code => code.Recipient,
                EmailCodeAdded code => code.Recipient,
                _ => null,
            };
            if (recipient is not null)
            {
                await RecordAsync(transaction, recipient, stored.CreatedAt, cancellationToken);
            }
        }
    }

    private static async Task RecordAsync(DbTransaction tx, string recipient, DateTimeOffset at, CancellationToken ct)
    {
        // Rows older than a day can no longer count against any window Gatehouse allows; keep the table small.
        await tx.ExecuteAsync("DELETE FROM otp_email_sends WHERE sent_at < @old", ct, ("@old", UnixMicroseconds.From(at - TimeSpan.FromDays(1))));
        await tx.ExecuteAsync("INSERT INTO otp_email_sends (recipient, sent_at) VALUES (@recipient, @at)", ct,
            ("@recipient", recipient), ("@at", UnixMicroseconds.From(at)));
    }
}
