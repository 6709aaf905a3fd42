using Gatehouse.Kernel;
using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// Runs a session decision through the command runner: reads the session, its user and their OTP Email facts, decides,
/// and appends to both streams in one transaction, so a concurrent change to either makes it decide again. User
/// events from a failed check are written on their own (no session event, no mail) before the error is reported.
/// </summary>
internal sealed class SessionCommands(CommandRunner commands)
{
    public Task<SessionOutcome> RunAsync(
        string sessionId,
        string? userId,
        CommandContext context,
        Func<SessionFacts, SessionDecision> decide,
        CancellationToken ct) =>
        commands.RunAsync(async (attempt, token) =>
        {
            var session = await attempt.LoadAsync(SessionEvents.Aggregate, sessionId, token);
            var effectiveUserId = userId ?? session.User?.UserId;
            var user = effectiveUserId is null ? null : await attempt.LoadAsync(UserEvents.Aggregate, effectiveUserId, token);
            var otpEmail = effectiveUserId is null ? new OtpEmailState() : await attempt.LoadAsync(OtpEmailState.OfUser, effectiveUserId, token);
            var decision = decide(new SessionFacts(session, user, otpEmail with { Challenge = session.OtpEmailChallenge }));

            var failed = decision.Error is not null;
            attempt.Append(SessionEvents.Aggregate, sessionId, context, new Decision<SessionEvent>(failed ? [] : decision.Session));
            if (effectiveUserId is not null)
            {
                attempt.Append(UserEvents.Aggregate, effectiveUserId, context,
                    new Decision<UserEvent>(decision.User) { Mails = failed ? [] : decision.Mails });
            }

            var result = await attempt.CommitAsync(token);
            if (decision.Error is { } error)
            {
                throw new DomainException(error);
            }

            var sessionStream = SessionEvents.Stream(sessionId);
            var changed = result is not null && result.Events.Any(e => e.Stream == sessionStream);
            return new SessionOutcome(attempt.DetailsOf(sessionStream, result), changed, changed ? decision.ReturnedCode : null);
        }, ct);
}
