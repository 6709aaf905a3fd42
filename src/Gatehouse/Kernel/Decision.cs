namespace Gatehouse.Kernel;

/// <summary>
/// The outcome of a pure decision: events to append, and possibly an error to report. Both may be set: a failed
/// verification still records <c>…verification.failed</c> before the caller hears the error (as ZITADEL does).
/// </summary>
internal sealed record Decision<TEvent>(IReadOnlyList<TEvent> Events, DomainError? Error = null)
{
    public IReadOnlyList<Gatehouse.EventStore.UniqueClaim> Claims { get; init; } = [];
    public IReadOnlyList<Gatehouse.EventStore.UniqueClaim> Releases { get; init; } = [];

    /// <summary>
    /// Mails to send once the events are committed. Each is named after the decision's last event (the code that
    /// asked for it), which gives it a stable id and Message-ID.
    /// </summary>
    public IReadOnlyList<MailRequest> Mails { get; init; } = [];

    public bool Failed => Error is not null;

    public static Decision<TEvent> Accept(params TEvent[] events) => new(events);

    public static Decision<TEvent> Reject(DomainError error) => new([], error);

    public static Decision<TEvent> RejectAfter(DomainError error, params TEvent[] events) => new(events, error);

    public static implicit operator Decision<TEvent>(DomainError error) => Reject(error);
}
