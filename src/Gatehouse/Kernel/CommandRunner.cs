using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>What a command did: the state it decided on, and what it appended (null when nothing changed).</summary>
internal sealed record CommandOutcome<TState>(TState Before, AppendResult? Appended, ObjectDetails Details);

/// <summary>
/// Runs a pure decision against fresh state: read the stream, fold, decide, append with the read sequence as the
/// expectation. A concurrent writer makes the append fail; the command is then decided again on the new state,
/// which is safe because decisions are pure (two concurrent adds: one succeeds, the other sees it and fails).
/// </summary>
internal sealed class CommandRunner(IEventStore store, WriteModels writeModels, IMailOutbox mailOutbox, TimeProvider time)
{
    public Task<TState> LoadAsync<TState, TEvent>(Aggregate<TState, TEvent> aggregate, string id, CancellationToken ct)
        where TState : class
        where TEvent : class =>
        writeModels.LoadAsync(aggregate, id, ct);

    public Task<CommandOutcome<TState>> RunAsync<TState, TEvent>(
        Aggregate<TState, TEvent> aggregate,
        string id,
        CommandContext context,
        Func<TState, Decision<TEvent>> decide,
        CancellationToken ct,
        Func<UniqueClaim, DomainError>? claimTaken = null)
        where TState : class
        where TEvent : class =>
        ConcurrencyRetry.RunAsync(token => AttemptAsync(aggregate, id, context, decide, claimTaken, token), time, ct);

    private async Task<CommandOutcome<TState>> AttemptAsync<TState, TEvent>(
        Aggregate<TState, TEvent> aggregate,
        string id,
        CommandContext context,
        Func<TState, Decision<TEvent>> decide,
        Func<UniqueClaim, DomainError>? claimTaken,
        CancellationToken ct)
        where TState : class
        where TEvent : class
    {
        var stream = new StreamId(aggregate.Type, id);
        var state = await writeModels.LoadAsync(aggregate, id, ct);
        var version = aggregate.VersionOf(state);
        var decision = decide(state);
        if (decision.Events.Count == 0)
        {
            if (decision.Error is { } error)
            {
                throw new DomainException(error);
            }

            return new CommandOutcome<TState>(state, null, new ObjectDetails(version.Sequence, version.ChangedAt, version.ResourceOwner));
        }

        var request = new AppendRequest(stream, version.Sequence, version.Exists ? version.ResourceOwner : context.ResourceOwner,
            context.Creator, decision.Events.Select(aggregate.Codec.Encode).ToList())
        {
            Claims = decision.Claims,
            Releases = decision.Releases,
            Outbox = decision.Mails.Select((mail, i) => mailOutbox.ToMessage(mail, stream, version.Sequence + decision.Events.Count, i)).ToList(),
        };

        AppendResult result;
        try
        {
            result = await store.AppendAsync([request], ct);
        }
        catch (UniqueClaimTakenException taken) when (claimTaken is not null)
        {
            throw new DomainException(claimTaken(taken.Claim));
        }

        writeModels.Advance(aggregate, id, state, result);
        if (decision.Mails.Count > 0)
        {
            mailOutbox.Notify();
        }

        if (decision.Error is { } recordedError)
        {
            throw new DomainException(recordedError);
        }

        var last = result.LastOf(stream);
        return new CommandOutcome<TState>(state, result, new ObjectDetails(last.Sequence, last.CreatedAt, last.ResourceOwner));
    }
}
