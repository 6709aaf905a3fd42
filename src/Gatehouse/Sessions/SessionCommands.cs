using Gatehouse.Domain;
using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// Runs a session decision: reads the session and its user fresh, decides, and appends to both streams in one
/// transaction with both read sequences as expectations, so a concurrent change to either makes us decide again.
/// User events from a failed check are written on their own before the error is reported.
/// </summary>
internal sealed class SessionCommands(IEventStore store, TimeProvider time)
{

    public async Task<(SessionState Before, ObjectDetails Details, bool Changed)> RunAsync(
        string sessionId,
        string? userId,
        CommandContext context,
        Func<SessionState, UserState?, SessionDecision> decide,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = SessionState.From(await store.ReadStreamAsync(SessionEvents.Stream(sessionId), 0, ct));
            var effectiveUserId = userId ?? session.User?.UserId;
            var user = effectiveUserId is null ? null : UserState.From(await store.ReadStreamAsync(UserEvents.Stream(effectiveUserId), 0, ct));
            var decision = decide(session, user);

            var requests = new List<AppendRequest>();
            if (decision.Error is null && decision.Session.Count > 0)
            {
                requests.Add(new AppendRequest(SessionEvents.Stream(sessionId), session.Version.Sequence,
                    session.Version.Exists ? session.Version.ResourceOwner : context.ResourceOwner, context.Creator,
                    decision.Session.Select(SessionEvents.Codec.Encode).ToList()));
            }

            if (decision.User.Count > 0 && user is not null && effectiveUserId is not null)
            {
                requests.Add(new AppendRequest(UserEvents.Stream(effectiveUserId), user.Version.Sequence, user.Version.ResourceOwner,
                    context.Creator, decision.User.Select(UserEvents.Codec.Encode).ToList()));
            }

            AppendResult? result = null;
            if (requests.Count > 0)
            {
                try
                {
                    result = await store.AppendAsync(requests, ct);
                }
                catch (WrongExpectedSequenceException) when (attempt < ConcurrencyRetry.MaxAttempts)
                {
                    await ConcurrencyRetry.BackoffAsync(attempt, time, ct);
                    continue;
                }
            }

            if (decision.Error is { } error)
            {
                throw new DomainException(error);
            }

            var sessionStream = SessionEvents.Stream(sessionId);
            if (result is not null && result.Events.Any(e => e.Stream == sessionStream))
            {
                var last = result.LastOf(sessionStream);
                return (session, new ObjectDetails(last.Sequence, last.CreatedAt, last.ResourceOwner), true);
            }

            return (session, new ObjectDetails(session.Version.Sequence, session.Version.ChangedAt, session.Version.ResourceOwner), false);
        }
    }
}
