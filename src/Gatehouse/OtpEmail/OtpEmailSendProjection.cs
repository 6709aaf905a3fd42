using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// Keeps <c>otp_email_sends</c> in the append's transaction: one row per mailed code, sign-in codes and verification
/// codes alike, by the keyed hash of the address (the events carry it as <c>recipient</c>).
/// </summary>
internal sealed class OtpEmailSendProjection : IInlineProjection
{
    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
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
                Record(statements, recipient, stored.CreatedAt);
            }
        }
    }

    private static void Record(IProjectionStatements statements, string recipient, DateTimeOffset at)
    {
        // Rows older than a day can no longer count against any window Gatehouse allows; keep the table small.
        statements.Execute("DELETE FROM otp_email_sends WHERE sent_at < @old", ("@old", UnixMicroseconds.From(at - TimeSpan.FromDays(1))));
        statements.Execute("INSERT INTO otp_email_sends (recipient, sent_at) VALUES (@recipient, @at)",
            ("@recipient", recipient), ("@at", UnixMicroseconds.From(at)));
    }
}
