using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>What a command did: the state it decided on, and what it appended (null when nothing changed).</summary>
internal sealed record CommandOutcome<TState>(TState Before, AppendResult? Appended, ObjectDetails Details);

/// <summary>
/// Runs pure decisions against fresh state: read the streams, fold, decide, append with the read sequences as the
/// expectations. A concurrent writer makes the append fail; the command is then decided again on the new state,
/// which is safe because decisions are pure (two concurrent adds: one succeeds, the other sees it and fails). The one
/// runner for one stream, for several (a session and its user), and for the outbox's "sent" events.
/// </summary>
internal sealed class CommandRunner(IEventStore store, WriteModels writeModels, IMailOutbox mailOutbox, TimeProvider time)
{
    public Task<TState> LoadAsync<TState, TEvent>(Aggregate<TState, TEvent> aggregate, string id, CancellationToken ct)
        where TState : class
        where TEvent : class =>
        writeModels.LoadAsync(aggregate, id, ct);

    /// <summary>
    /// Runs <paramref name="attempt"/> until its commit does not lose a race (<see cref="ConcurrencyRetry"/>), each time
    /// with a new <see cref="CommandAttempt"/>: it must read through it everything it decides on.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CommandAttempt, CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ConcurrencyRetry.RunAsync(token => attempt(new CommandAttempt(store, writeModels, mailOutbox), token), time, ct);
    }

    /// <summary>A decision on one stream. Its error is thrown after its events (if any) are written.</summary>
    public Task<CommandOutcome<TState>> RunAsync<TState, TEvent>(
        Aggregate<TState, TEvent> aggregate,
        string id,
        CommandContext context,
        Func<TState, Decision<TEvent>> decide,
        CancellationToken ct,
        Func<UniqueClaim, DomainError>? claimTaken = null)
        where TState : class
        where TEvent : class =>
        RunAsync(async (attempt, token) =>
        {
            var state = await attempt.LoadAsync(aggregate, id, token);
            var decision = decide(state);
            attempt.Append(aggregate, id, context, decision);
            AppendResult? result;
            try
            {
                result = await attempt.CommitAsync(token);
            }
            catch (UniqueClaimTakenException taken) when (claimTaken is not null)
            {
                throw new DomainException(claimTaken(taken.Claim));
            }

            if (decision.Error is { } error)
            {
                throw new DomainException(error);
            }

            return new CommandOutcome<TState>(state, result, attempt.DetailsOf(new StreamId(aggregate.Type, id), result));
        }, ct);
}
