using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Observability;
using Gatehouse.Storage;

namespace Gatehouse.Notifications;

/// <summary>
/// Delivers the outbox. Messages are leased (so with several nodes each goes to one worker, and a dead node's lease
/// runs out and another takes over), sent, and then completed in the same transaction that records the "sent"
/// event — so a delivered mail is recorded exactly once and never sent again in normal operation. A failure is
/// retried with exponential backoff for as long as the content is useful; an expired code is dropped and logged.
/// A stop lets the mail being sent finish and hands the rest of the batch back.
/// </summary>
internal sealed class OutboxWorker(
    IOutbox outbox,
    CommandRunner commands,
    MailOutbox mails,
    MailTemplates templates,
    IEmailSender sender,
    NodeIdentity node,
    DatabaseReadiness readiness,
    OutboxSettings settings,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    /// <summary>Deliveries this node runs at once, each with its own lease of one message.</summary>
    public const int Senders = 8;

    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly TimeSpan lease = settings.Lease;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The outbox table may not exist before the first migration.
            await readiness.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Leases this node held when it last stopped (a crash mid-delivery) go back at once.
                await outbox.ReleaseLeasesAsync(node.Id, stoppingToken);
                break;
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

        // Several conversations side by side, so one slow SMTP exchange does not hold up every other code, and the
        // "sent" events of concurrent deliveries share commits in the event store.
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => DeliverLoopAsync(stoppingToken)));
    }

    private async Task DeliverLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One at a time: every message of a batch would share one lease, and with a slow mail server the
                // last ones could outlive it while still waiting here, and be sent by another node as well.
                var leased = await outbox.LeaseAsync(node.Id, 1, lease, stoppingToken);
                foreach (var message in leased)
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        // Handed back at once rather than left leased for minutes: another node, or this one after
                        // its restart, sends it. The hand-back counts as an attempt.
                        await outbox.RescheduleAsync(message.Id, time.GetUtcNow(), "not attempted: the server stopped", CancellationToken.None);
                        continue;
                    }

                    // Not the stopping token: a stop lets the mail being sent finish (bounded by the SMTP timeout and
                    // the host's shutdown timeout), so a code is neither cut off mid-send nor sent twice.
                    await DeliverAsync(message, CancellationToken.None);
                }

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
        var pending = mails.Open(message);
        if (message.NotAfter is { } notAfter && notAfter <= now)
        {
            logger.LogWarning("Mail {MessageId} dropped: its code expired at {Expiry} before it could be delivered.", message.Id, notAfter);
            GatehouseTelemetry.CodeFailed(pending.Template, "expired");
            await outbox.RemoveAsync(message.Id, ct);
            return;
        }

        var rendered = templates.Render(pending.Template, pending.Language, pending.Values,
            pending.LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        using var activity = GatehouseTelemetry.StartEmailSend(pending.Template, message.Attempts + 1);
        try
        {
            await sender.SendAsync(new EmailMessage(message.Id, pending.Recipient, rendered.Subject, rendered.Text, rendered.Html,
                pending.Values.GetValueOrDefault("DisplayName")), ct);
            GatehouseTelemetry.CodeSent(pending.Template);
        }
        catch (EmailDeliveryException e) when (!e.IsPermanent)
        {
            GatehouseTelemetry.EmailSendFailed(activity, pending.Template, "transient");
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(message.Attempts, 20))));
            logger.LogWarning("Mail {MessageId} not delivered (attempt {Attempt}), retrying in {Backoff}: {Reason}",
                message.Id, message.Attempts + 1, backoff, e.Message);
            await outbox.RescheduleAsync(message.Id, now + backoff, e.Message, ct);
            return;
        }
        catch (EmailDeliveryException e)
        {
            GatehouseTelemetry.EmailSendFailed(activity, pending.Template, "permanent");
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
        try
        {
            await commands.RunAsync(async (attempt, token) =>
            {
                // The head from the write models plus what came after: not the user's whole history, which grows with
                // every sign-in.
                var head = await attempt.LoadHeadAsync(stream, token);
                attempt.Append(new AppendRequest(stream, head.Sequence, head.ResourceOwner ?? "", "NOTIFICATION", [new NewEvent(pending.SentEvent)])
                {
                    OutboxDone = [message.Id],
                });
                return await attempt.CommitAsync(token);
            }, ct);
        }
        catch (WrongExpectedSequenceException)
        {
            // Escaping would stop the worker, and with it the node. The mail went out; left leased, it is sent
            // again once the lease runs out, with the same Message-ID.
            logger.LogWarning("Mail {MessageId} sent, but recording it lost to concurrent changes of {Stream} every time.", message.Id, stream);
        }
    }
}
