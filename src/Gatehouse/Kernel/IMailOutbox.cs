using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// What the command runner needs of the mail outbox: seal a decision's mails into messages that commit with its
/// events, and wake the worker once they have. Notifications implements it, so the kernel knows no sender or template
/// (docs/architecture.md, "Which way dependencies point").
/// </summary>
internal interface IMailOutbox
{
    /// <param name="causingSequence">The sequence of the event that asked for the mail (the decision's last).</param>
    /// <param name="index">Which of the decision's mails this is; the first keeps the plain id.</param>
    OutboxMessage ToMessage(MailRequest mail, StreamId stream, long causingSequence, int index = 0);

    /// <summary>Tells the worker that new mail is waiting, so it does not sleep until its next poll.</summary>
    void Notify();
}
