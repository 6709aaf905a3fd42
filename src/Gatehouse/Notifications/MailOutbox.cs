using System.Text.Json;
using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.EventStore;

namespace Gatehouse.Notifications;

/// <summary>
/// Turns the mails a decision asks for into outbox messages that commit with its events, and reads them back for
/// the worker. The message id is derived from the event that caused the mail, so it is stable across retries and
/// becomes the mail's Message-ID.
/// </summary>
internal sealed class MailOutbox(SecretBox box, TimeProvider time) : IMailOutbox, IDisposable
{
    private readonly SemaphoreSlim wakeUp = new(0);

    /// <param name="causingSequence">The sequence of the event that asked for the mail (the decision's last).</param>
    /// <param name="index">
    /// Which of the decision's mails this is: a change of address mails the code to the new address and a notice to the
    /// old one. The first keeps the plain id, so ids of single mails stay as they were.
    /// </param>
    public OutboxMessage ToMessage(MailRequest mail, StreamId stream, long causingSequence, int index = 0)
    {
        var lifetime = mail.NotAfter is { } notAfter ? (long?)Math.Max(0, (long)(notAfter - time.GetUtcNow()).TotalSeconds) : null;
        var pending = new PendingMail(mail.Template, mail.Recipient, mail.Language, mail.Values, lifetime,
            stream.AggregateType, stream.AggregateId, mail.SentEvent);
        var id = $"{stream.AggregateType}-{stream.AggregateId}-{causingSequence}" + (index == 0 ? "" : $"-{index}");
        return new OutboxMessage(id,
            box.Seal(JsonSerializer.Serialize(pending, PendingMailJson.Default.PendingMail)), mail.NotAfter);
    }

    public PendingMail Open(LeasedOutboxMessage message) =>
        JsonSerializer.Deserialize(box.Open(message.Payload), PendingMailJson.Default.PendingMail)
        ?? throw new InvalidOperationException($"Outbox message {message.Id} is empty.");

    /// <summary>Tells the worker that new mail is waiting, so it does not sleep until its next poll.</summary>
    public void Notify()
    {
        if (wakeUp.CurrentCount == 0)
        {
            wakeUp.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => wakeUp.WaitAsync(timeout, ct);

    public void Dispose() => wakeUp.Dispose();
}
