using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Instance;
using Gatehouse.Users;
using Gatehouse.OtpEmail;

namespace Gatehouse.Sessions;

/// <summary>
/// The hosted login's way through a session: the same decision (<see cref="UpdateSession"/>), inputs and command
/// runner as CreateSession and SetSession, one step per page. The login never hands out the session token; each
/// step still rotates it, as the Session API does, so a token seen earlier stops working.
/// </summary>
internal sealed class SignIn(
    SessionCommands commands,
    SessionQueries sessions,
    SessionInputs inputs,
    OtpEmailCodes otpCodes,
    OrgQueries orgs,
    SecretHasher hasher,
    IdGenerator ids,
    SessionPolicy policy,
    TimeProvider time)
{
    /// <summary>The creator recorded on sessions the hosted login starts.</summary>
    public const string Creator = "LOGIN";

    private static readonly Dictionary<string, string> NoMetadata = new(StringComparer.Ordinal);

    /// <summary>A new session with the user check; throws <see cref="DomainException"/> for unknown or locked users.</summary>
    public async Task<string> StartAsync(string loginName, string? userAgent, string? ip, CancellationToken ct)
    {
        var user = await inputs.ResolveUserAsync(null, loginName, ct);
        var instance = await orgs.GetInstanceAsync(ct) ?? throw new InvalidOperationException("The instance is not set up.");
        var sessionId = ids.NewId();
        var change = NewChange(sessionId, create: true) with
        {
            UserAgent = new SessionUserAgent(null, ip, userAgent, null),
            User = user,
        };
        await RunAsync(change, user.UserId, instance.Id, ct);
        return sessionId;
    }

    public async Task CheckPasswordAsync(string sessionId, string password, CancellationToken ct)
    {
        var session = await sessions.LoadAsync(sessionId, ct);
        var verified = await inputs.VerifyPasswordAsync(password, session.User?.UserId, ct);
        await RunAsync(NewChange(sessionId, create: false) with { Password = verified }, null, null, ct);
    }

    /// <summary>Mails a new code, within the same cooldown and per-address limits as the Session API's <c>sendCode</c>.</summary>
    public async Task SendOtpEmailCodeAsync(string sessionId, string userId, CancellationToken ct)
    {
        var challenge = await otpCodes.ChallengeAsync(OtpDelivery.Send, null, userId, ct);
        await RunAsync(NewChange(sessionId, create: false) with { OtpEmailChallenge = challenge }, null, null, ct);
    }

    public Task CheckOtpEmailAsync(string sessionId, string code, CancellationToken ct) =>
        RunAsync(NewChange(sessionId, create: false) with { OtpEmailCheck = otpCodes.CheckOf(code) }, null, null, ct);

    /// <summary>Signing out ends the session, which also ends every OIDC token issued for it.</summary>
    public Task TerminateAsync(string sessionId, CancellationToken ct) =>
        commands.RunAsync(sessionId, null, new CommandContext(Creator, ""),
            facts => facts.Session.Exists ? new SessionDecision([new SessionTerminated()], []) : new SessionDecision([], []), ct);

    private SessionChange NewChange(string sessionId, bool create) =>
        new(sessionId, create, null, null, null, NoMetadata, null, ids.NewId(),
            hasher.Hash(AccessTokens.TokenPurpose, TokenGenerator.NewToken()));

    private async Task RunAsync(SessionChange change, string? userId, string? instanceId, CancellationToken ct)
    {
        var now = EventStore.UnixMicroseconds.Truncate(time.GetUtcNow());
        await commands.RunAsync(change.SessionId, userId, new CommandContext(Creator, instanceId ?? ""),
            facts => UpdateSession.Decide(facts, change, policy, now), ct);
    }
}
