using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// Runs a session decision: reads the session, its user and their OTP Email facts fresh, decides, and appends to both streams in one
/// transaction with both read sequences as expectations, so a concurrent change to either makes us decide again.
/// User events from a failed check are written on their own before the error is reported.
/// </summary>
internal sealed class SessionCommands(IEventStore store, WriteModels writeModels, IMailOutbox mailOutbox, TimeProvider time)
{
    public async Task<SessionOutcome> RunAsync(
        string sessionId,
        string? userId,
        CommandContext context,
        Func<SessionFacts, SessionDecision> decide,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = await writeModels.LoadAsync(SessionEvents.Aggregate, sessionId, ct);
            var effectiveUserId = userId ?? session.User?.UserId;
            var user = effectiveUserId is null ? null : await writeModels.LoadAsync(UserEvents.Aggregate, effectiveUserId, ct);
            var otpEmail = effectiveUserId is null ? new OtpEmailState() : await writeModels.LoadAsync(OtpEmailState.OfUser, effectiveUserId, ct);
            var decision = decide(new SessionFacts(session, user, otpEmail with { Challenge = session.OtpEmailChallenge }));

            var requests = new List<AppendRequest>();
            if (decision.Error is null && decision.Session.Count > 0)
            {
                requests.Add(new AppendRequest(SessionEvents.Stream(sessionId), session.Version.Sequence,
                    session.Version.Exists ? session.Version.ResourceOwner : context.ResourceOwner, context.Creator,
                    decision.Session.Select(SessionEvents.Codec.Encode).ToList()));
            }

            if (decision.User.Count > 0 && user is not null && effectiveUserId is not null)
            {
                var userStream = UserEvents.Stream(effectiveUserId);
                requests.Add(new AppendRequest(userStream, user.Version.Sequence, user.Version.ResourceOwner,
                    context.Creator, decision.User.Select(UserEvents.Codec.Encode).ToList())
                {
                    Outbox = decision.Error is null
                        ? decision.Mails.Select(mail => mailOutbox.ToMessage(mail, userStream, user.Version.Sequence + decision.User.Count)).ToList()
                        : [],
                });
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

            if (result is not null)
            {
                writeModels.Advance(SessionEvents.Aggregate, sessionId, session, result);
                if (user is not null && effectiveUserId is not null)
                {
                    writeModels.Advance(UserEvents.Aggregate, effectiveUserId, user, result);
                    writeModels.Advance(OtpEmailState.OfUser, effectiveUserId, otpEmail, result);
                }
            }

            if (decision.Mails.Count > 0 && decision.Error is null)
            {
                mailOutbox.Notify();
            }

            if (decision.Error is { } error)
            {
                throw new DomainException(error);
            }

            var sessionStream = SessionEvents.Stream(sessionId);
            if (result is not null && result.Events.Any(e => e.Stream == sessionStream))
            {
                var last = result.LastOf(sessionStream);
                return new SessionOutcome(new ObjectDetails(last.Sequence, last.CreatedAt, last.ResourceOwner), true, decision.ReturnedCode);
            }

            return new SessionOutcome(new ObjectDetails(session.Version.Sequence, session.Version.ChangedAt, session.Version.ResourceOwner), false, null);
        }
    }
}
