using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Tests.OtpEmail;

/// <summary>
/// Given(user events, session events).When(command).Then(events | error) for the OTP Email decisions, on the real
/// folds of stored events (<see cref="OtpEmailState.From"/>, and <see cref="SessionState.From"/> for the open
/// challenge). Results are compared by payload (record equality), so a wrong session id or challenge key fails as
/// surely as a wrong event.
/// </summary>
internal sealed class OtpEmailScenario
{
    public const string UserId = "user1";
    public const string SessionId = "s1";
    public const string OrgId = "org1";
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    public static readonly SecretHasher Hasher = new(MasterKey.FromBytes(new byte[32]));

    /// <summary>When the given events happened unless told otherwise: a minute ago, so a given code is still live.</summary>
    public static readonly DateTimeOffset Before = Now.AddMinutes(-1);

    private readonly List<StoredEvent> history = [];
    private OtpEmailPolicy policy = OtpEmailPolicy.Default;
    private SessionDecision? result;
    private Decision<UserEvent>? decision;

    /// <summary>As the session composes it: the user's fold, with the open challenge from the session's own fold.</summary>
    public OtpEmailState State => OtpEmailState.From(history) with
    {
        Challenge = SessionState.From(history.Where(e => e.Stream.AggregateType == SessionEvents.AggregateType)).OtpEmailChallenge,
    };

    public IReadOnlyList<MailRequest> Mails => result?.Mails ?? decision?.Mails ?? [];

    public string? ReturnedCode => result?.ReturnedCode;

    public static OtpEmailScenario Given(UserEvent[] user, params SessionEvent[] session)
    {
        var scenario = new OtpEmailScenario();
        foreach (var e in user)
        {
            scenario.AndUser(Before, e);
        }

        foreach (var e in session)
        {
            scenario.AndSession(Before, e);
        }

        return scenario;
    }

    public OtpEmailScenario AndUser(DateTimeOffset at, UserEvent e) => Store(UserEvents.Stream(UserId), UserEvents.Codec.Encode(e), at);

    public OtpEmailScenario AndSession(DateTimeOffset at, SessionEvent e) => Store(SessionEvents.Stream(SessionId), SessionEvents.Codec.Encode(e), at);

    public OtpEmailScenario With(OtpEmailPolicy rules)
    {
        policy = rules;
        return this;
    }

    public OtpEmailScenario When(CheckOtpEmailCommand command)
    {
        result = CheckOtpEmail.Decide(State, command, policy, Now);
        return this;
    }

    public OtpEmailScenario When(ChallengeOtpEmailCommand command)
    {
        result = ChallengeOtpEmail.Decide(State, command, policy, Now);
        return this;
    }

    /// <summary>Enrolment and removal, which decide on the user's stream alone.</summary>
    public OtpEmailScenario When(Func<OtpEmailState, OtpEmailPolicy, Decision<UserEvent>> decide)
    {
        decision = decide(State, policy);
        return this;
    }

    /// <summary>A challenge or check succeeded with exactly these session and user events.</summary>
    public void Then(SessionEvent[] session, params UserEvent[] user)
    {
        Assert.NotNull(result);
        Assert.Null(result.Error);
        Assert.Equal(session, result.Session);
        Assert.Equal(user, result.User);
    }

    /// <summary>Enrolment or removal succeeded with exactly these user events.</summary>
    public void Then(params UserEvent[] user)
    {
        Assert.NotNull(decision);
        Assert.Null(decision.Error);
        Assert.Equal(user, decision.Events);
    }

    /// <summary>The decision failed with this error (id, kind, key, hint, retry time) and recorded only these user events.</summary>
    public void ThenFails(DomainError error, params UserEvent[] recorded)
    {
        var (actual, userEvents, sessionEvents) = result is not null
            ? (result.Error, result.User, result.Session)
            : (decision?.Error, decision?.Events ?? [], (IReadOnlyList<SessionEvent>)[]);
        Assert.Equal(error, actual);
        Assert.Equal(recorded, userEvents);
        Assert.Empty(sessionEvents);
    }

    public static NewCode Code(string plain = "12345678", TimeSpan? expiresAfter = null) =>
        new(plain, Hasher.Hash(OtpEmailCodes.CodePurpose, plain), expiresAfter ?? TimeSpan.FromMinutes(5));

    public static CheckOtpEmailCommand Check(string typed, string? userId = UserId) =>
        new(SessionId, userId, new OtpEmailCheck(typed.Length == 0 ? null : Hasher.Hash(OtpEmailCodes.CodePurpose, typed)));

    public static ChallengeOtpEmailCommand Challenge(OtpDelivery delivery = OtpDelivery.Send, RecentSends? sends = null, string? userId = UserId) =>
        new(SessionId, userId, new OtpEmailChallengeRequest(delivery, null, Code(), delivery == OtpDelivery.Send ? "recipient-hash" : null,
            sends ?? RecentSends.None));

    public static HumanAdded Human(string email = "alice@acme.test", string language = "en") =>
        new("alice", "Alice", "Doe", null, "Alice Doe", language, 0, email, null, false);

    /// <summary>A user who can use the factor: verified address, OTP Email added.</summary>
    public static UserEvent[] Enrolled(params UserEvent[] more) => [Human(), new EmailVerified(), new OtpEmailAdded(), .. more];

    public static OtpEmailChallenged Challenged(string plain = "12345678", TimeSpan? expiresAfter = null) =>
        new(Code(plain).Hash, (expiresAfter ?? TimeSpan.FromMinutes(5)).Ticks * 100, ReturnCode: false, UrlTmpl: null);

    /// <summary>The key of the challenge given as the session's first event.</summary>
    public static string FirstChallenge => $"{SessionId}:1";

    private OtpEmailScenario Store(StreamId stream, NewEvent encoded, DateTimeOffset at)
    {
        var sequence = history.Count(e => e.Stream == stream) + 1;
        history.Add(new StoredEvent(history.Count + 1, stream, sequence, encoded.Type, encoded.Payload, at, OrgId, UserId));
        return this;
    }
}
