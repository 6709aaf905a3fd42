using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// One try of a command on one or more streams: what it read, and what it appends. Every stream is appended with
/// the sequence it was read at, all in one transaction, so a concurrent change to any of them makes the whole try
/// lose and <see cref="CommandRunner"/> decide again on fresh state. Each try gets a new attempt.
/// </summary>
internal sealed class CommandAttempt(IEventStore store, WriteModels writeModels, IMailOutbox mailOutbox)
{
    private readonly Dictionary<StreamId, AggregateVersion> read = [];
    private readonly List<Action<AppendResult>> remember = [];
    private readonly List<AppendRequest> appends = [];
    private bool mails;

    public async Task<TState> LoadAsync<TState, TEvent>(Aggregate<TState, TEvent> aggregate, string id, CancellationToken ct)
        where TState : class
        where TEvent : class
    {
        var state = await writeModels.LoadAsync(aggregate, id, ct);
        var stream = new StreamId(aggregate.Type, id);
        var version = aggregate.VersionOf(state);
        // Two folds of one stream (the user, and its OTP Email facts) are read one after the other: expecting the
        // older keeps a write that landed in between a lost race, never a decision on mixed state.
        if (!read.TryGetValue(stream, out var earlier) || version.Sequence < earlier.Sequence)
        {
            read[stream] = version;
        }

        remember.Add(result =>
        {
            if (result.Events.Any(e => e.Stream == stream))
            {
                writeModels.Advance(aggregate, id, state, result);
            }
        });
        return state;
    }

    /// <summary>Where a stream of any kind stands, for appends that decide on nothing else.</summary>
    public Task<StreamHead> LoadHeadAsync(StreamId stream, CancellationToken ct) => writeModels.LoadHeadAsync(stream, ct);

    /// <summary>
    /// Adds a decision's events, claims and mails (never its error) for a stream loaded by this attempt. A new stream
    /// belongs to the context's organization; an existing one keeps its own.
    /// </summary>
    public void Append<TState, TEvent>(Aggregate<TState, TEvent> aggregate, string id, CommandContext context, Decision<TEvent> decision)
        where TState : class
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Events.Count == 0)
        {
            return;
        }

        var stream = new StreamId(aggregate.Type, id);
        if (!read.TryGetValue(stream, out var version))
        {
            throw new InvalidOperationException($"Stream {stream} is appended without being read first.");
        }

        var causing = version.Sequence + decision.Events.Count;
        Append(new AppendRequest(stream, version.Sequence, version.Exists ? version.ResourceOwner : context.ResourceOwner,
            context.Creator, decision.Events.Select(aggregate.Codec.Encode).ToList())
        {
            Claims = decision.Claims,
            Releases = decision.Releases,
            Outbox = decision.Mails.Select((mail, i) => mailOutbox.ToMessage(mail, stream, causing, i)).ToList(),
        });
    }

    /// <summary>Adds a prepared request; its expected sequence is the caller's to read (<see cref="LoadHeadAsync"/>).</summary>
    public void Append(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        appends.Add(request);
        mails |= request.Outbox.Count > 0;
    }

    /// <summary>
    /// Appends everything in one transaction and remembers the new states; null when there was nothing to write. A lost
    /// race escapes as <see cref="WrongExpectedSequenceException"/>, for the runner to try again.
    /// </summary>
    public async Task<AppendResult?> CommitAsync(CancellationToken ct)
    {
        if (appends.Count == 0)
        {
            return null;
        }

        var result = await store.AppendAsync(appends, ct);
        foreach (var advance in remember)
        {
            advance(result);
        }

        if (mails)
        {
            mailOutbox.Notify();
        }

        return result;
    }

    /// <summary>The details of a stream after the commit: its last appended event, or as it was read.</summary>
    public ObjectDetails DetailsOf(StreamId stream, AppendResult? result)
    {
        if (result is not null && result.Events.Any(e => e.Stream == stream))
        {
            var last = result.LastOf(stream);
            return new ObjectDetails(last.Sequence, last.CreatedAt, last.ResourceOwner);
        }

        var version = read.GetValueOrDefault(stream);
        return new ObjectDetails(version.Sequence, version.ChangedAt, version.ResourceOwner);
    }
}
