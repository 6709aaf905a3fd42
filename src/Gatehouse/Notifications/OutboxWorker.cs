using Gatehouse.EventStore;

namespace Gatehouse.Notifications;

/// <summary>
/// Delivers the outbox. Messages are leased (so with several nodes each goes to one worker, and a dead node's lease
/// runs out and another takes over), sent, and then completed in the same transaction that records the "sent"
/// event — so a delivered mail is recorded exactly once and never sent again in normal operation. A failure is
/// retried with exponential backoff for as long as the content is useful; an expired code is dropped and logged.
/// </summary>
internal sealed class OutboxWorker(
    IOutbox outbox,
    IEventStore store,
    Domain.WriteModels writeModels,
    MailOutbox mails,
    MailTemplates templates,
    IEmailSender sender,
    Hosting.NodeIdentity node,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private const int Batch = 16;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var released = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!released)
                {
                    // Leases this node held when it last stopped (a crash mid-delivery) go back at once.
                    await outbox.ReleaseLeasesAsync(node.Id, stoppingToken);
                    released = true;
                }

                var leased = await outbox.LeaseAsync(node.Id, Batch, Lease, stoppingToken);
                // Side by side: one slow SMTP conversation does not hold up the others, and the "sent" events of
                // the batch share commits in the event store.
                await Parallel.ForEachAsync(leased, new ParallelOptions { MaxDegreeOfParallelism = Batch, CancellationToken = stoppingToken },
                    async (message, ct) => await DeliverAsync(message, ct));

                if (leased.Count == 0)
                {
                    await mails.WaitAsync(IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException e)
            {
                logger.LogWarning("Outbox paused, database unavailable: {Reason}", e.Message);
                await Task.Delay(IdlePoll, time, stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(LeasedOutboxMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (message.NotAfter is { } notAfter && notAfter <= now)
        {
            logger.LogWarning("Mail {MessageId} dropped: its code expired at {Expiry} before it could be delivered.", message.Id, notAfter);
            await outbox.RemoveAsync(message.Id, ct);
            return;
        }

        var pending = mails.Open(message);
        var rendered = templates.Render(pending.Template, pending.Language, pending.Values,
            pending.LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        try
        {
            await sender.SendAsync(new EmailMessage(message.Id, pending.Recipient, rendered.Subject, rendered.Text, rendered.Html,
                pending.Values.GetValueOrDefault("DisplayName")), ct);
        }
        catch (EmailDeliveryException e) when (!e.IsPermanent)
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(message.Attempts, 20))));
            logger.LogWarning("Mail {MessageId} not delivered (attempt {Attempt}), retrying in {Backoff}: {Reason}",
                message.Id, message.Attempts + 1, backoff, e.Message);
            await outbox.RescheduleAsync(message.Id, now + backoff, e.Message, ct);
            return;
        }
        catch (EmailDeliveryException e)
        {
            logger.LogError("Mail {MessageId} rejected permanently, dropped: {Reason}", message.Id, e.Message);
            await outbox.RemoveAsync(message.Id, ct);
            return;
        }

        await RecordSentAsync(message, pending, ct);
    }

    private async Task RecordSentAsync(LeasedOutboxMessage message, PendingMail pending, CancellationToken ct)
    {
        if (pending.SentEvent is null)
        {
            await outbox.RemoveAsync(message.Id, ct);
            return;
        }

        var stream = new StreamId(pending.AggregateType, pending.AggregateId);
        for (var attempt = 1; ; attempt++)
        {
            var head = await writeModels.LoadHeadAsync(stream, ct);
            try
            {
                await store.AppendAsync(
                [
                    new AppendRequest(stream, head.Sequence, head.ResourceOwner ?? "", "NOTIFICATION", [new NewEvent(pending.SentEvent)])
                    {
                        OutboxDone = [message.Id],
                    },
                ], ct);
                return;
            }
            catch (WrongExpectedSequenceException) when (attempt < Domain.ConcurrencyRetry.MaxAttempts)
            {
                // Other mails of the same user are recorded side by side; decide again on the new head.
                await Domain.ConcurrencyRetry.PauseAsync(attempt, ct);
            }
        }
    }
}
