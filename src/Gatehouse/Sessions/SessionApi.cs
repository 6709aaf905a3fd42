using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Instance;
using Gatehouse.OtpEmail;
using Gatehouse.Users;
using Google.Protobuf;
using Grpc.Core;
using Zitadel.Session.V2;
using Gatehouse.Notifications;
using Gatehouse.Transport;

namespace Gatehouse.Sessions;

/// <summary>
/// <c>zitadel.session.v2.SessionService</c>: a login client creates a session, checks the user and their factors,
/// and hands the session token to the user, who may use it as a bearer token (docs/zitadel-wire.md §7).
/// </summary>
internal sealed partial class SessionApi(
    SessionCommands commands,
    SessionQueries sessions,
    SessionInputs inputs,
    OtpEmailCodes otpCodes,
    UserQueries users,
    OrgQueries orgs,
    SecretHasher hasher,
    IdGenerator ids,
    SessionPolicy policy,
    TimeProvider time) : SessionService.SessionServiceBase
{
    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var ct = context.CancellationToken;
        // The permission comes first: a caller without it must not learn whether a user exists or is locked.
        Authorization.Require(caller, Permissions.SessionWrite, Caller.InstanceScope, checkedByInterceptor: true);
        var checkedUser = await ResolveUserAsync(request.Checks, ct);
        ValidateUrlTemplate(request.Challenges);
        var lifetime = ValidateLifetime(request.Lifetime, "CreateSessionRequest.Lifetime");
        RejectUnsupported(request.Checks, request.Challenges);

        var instance = await orgs.GetInstanceAsync(ct) ?? throw new InvalidOperationException("The instance is not set up.");
        var sessionId = ids.NewId();
        var token = TokenGenerator.NewToken();
        var password = await inputs.VerifyPasswordAsync(PasswordOf(request.Checks), checkedUser?.UserId, ct);
        var change = new SessionChange(sessionId, true, ToUserAgent(request.UserAgent), checkedUser, password,
            ToMetadata(request.Metadata), lifetime, ids.NewId(), hasher.Hash(AccessTokens.TokenPurpose, token))
        {
            OtpEmailCheck = OtpCheckOf(request.Checks),
            OtpEmailChallenge = await OtpChallengeOfAsync(request.Challenges, checkedUser?.UserId, ct),
        };
        var now = EventStore.UnixMicroseconds.Truncate(time.GetUtcNow());
        var outcome = await commands.RunAsync(sessionId, checkedUser?.UserId, new CommandContext(caller.UserId, instance.Id),
            facts => UpdateSession.Decide(facts, change, policy, now), ct);

        RestStatus.Created(context);
        return new CreateSessionResponse
        {
            Details = DetailsMapping.V2(outcome.Details),
            SessionId = sessionId,
            SessionToken = token,
            Challenges = ChallengesOf(request.Challenges, outcome),
        };
    }

    public override async Task<SetSessionResponse> SetSession(SetSessionRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var ct = context.CancellationToken;
        ValidationErrors.RequireLength(request.SessionId, "SetSessionRequest.SessionId");
        if (request.SessionToken.Length > 200)
        {
            throw ValidationErrors.MaxLength("SetSessionRequest.SessionToken", 200);
        }

        var checkedUser = await ResolveUserAsync(request.Checks, ct);
        ValidateUrlTemplate(request.Challenges);
        var lifetime = ValidateLifetime(request.Lifetime, "SetSessionRequest.Lifetime");
        RejectUnsupported(request.Checks, request.Challenges);

        var token = TokenGenerator.NewToken();
        var wantsCode = request.Challenges?.OtpEmail?.DeliveryTypeCase == RequestChallenges.Types.OTPEmail.DeliveryTypeOneofCase.ReturnCode;
        var current = await sessions.LoadAsync(request.SessionId, ct);
        var sessionUserId = checkedUser?.UserId ?? current.User?.UserId;
        if (wantsCode)
        {
            RequireReturnCodeAllowed(caller, request.SessionId, checkedUser?.OrgId ?? current.User?.UserResourceOwner);
        }

        // Authorized once, before the decision; a token that rotates meanwhile is caught by the decision itself.
        AuthorizeChange(caller, current, request.SessionToken);
        var change = new SessionChange(request.SessionId, false, null, checkedUser,
            await inputs.VerifyPasswordAsync(PasswordOf(request.Checks), sessionUserId, ct), ToMetadata(request.Metadata), lifetime,
            ids.NewId(), hasher.Hash(AccessTokens.TokenPurpose, token))
        {
            OtpEmailCheck = OtpCheckOf(request.Checks),
            OtpEmailChallenge = await OtpChallengeOfAsync(request.Challenges, sessionUserId, ct),
            AuthorizedTokenHash = request.SessionToken.Length > 0 ? current.TokenHash : null,
        };
        var now = EventStore.UnixMicroseconds.Truncate(time.GetUtcNow());
        var outcome = await commands.RunAsync(request.SessionId, checkedUser?.UserId, new CommandContext(caller.UserId, caller.OrgId),
            facts => UpdateSession.Decide(facts, change, policy, now), ct);

        return new SetSessionResponse
        {
            Details = DetailsMapping.V2(outcome.Details),
            SessionToken = outcome.Changed ? token : "",
            Challenges = ChallengesOf(request.Challenges, outcome),
        };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.SessionId, "GetSessionRequest.SessionId");
        var session = await sessions.LoadAsync(request.SessionId, context.CancellationToken);
        if (!session.Exists)
        {
            throw new DomainException(SessionErrors.NotExisting);
        }

        if (request.HasSessionToken)
        {
            if (!TokenMatches(session, request.SessionToken))
            {
                throw new DomainException(SessionErrors.ReadDenied);
            }
        }
        else if (!caller.PassedEveryFactor && caller.SessionId != request.SessionId)
        {
            throw new DomainException(AuthErrors.EveryFactorRequired);
        }
        else if (caller.UserId != session.Creator && caller.UserId != session.User?.UserId
            && !caller.Can(Permissions.SessionRead, session.User?.UserResourceOwner ?? Caller.InstanceScope))
        {
            throw new DomainException(SessionErrors.ReadDenied);
        }

        var user = session.User is { } checkedUser ? await users.GetAsync(checkedUser.UserId, context.CancellationToken) : null;
        return new GetSessionResponse { Session = SessionMapping.ToSession(request.SessionId, session, user) };
    }

    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.SessionId, "DeleteSessionRequest.SessionId");
        var current = await sessions.LoadAsync(request.SessionId, context.CancellationToken);
        var authorizedTokenHash = current.Exists ? AuthorizeEnd(caller, current, request) : null;
        var outcome = await commands.RunAsync(request.SessionId, null, new CommandContext(caller.UserId, caller.OrgId),
            facts => EndSession.Decide(facts.Session, authorizedTokenHash), context.CancellationToken);
        return new DeleteSessionResponse { Details = DetailsMapping.V2(outcome.Details) };
    }

    /// <summary>
    /// The session's token, its user, or session.delete; a session that has not passed every factor may end only
    /// itself, so a password alone cannot sign the user out of the sessions that did. Returns the hash of the token the
    /// caller proved, for the decision to compare with the session as it is when written.
    /// </summary>
    private string? AuthorizeEnd(Caller caller, SessionState session, DeleteSessionRequest request)
    {
        if (request.HasSessionToken)
        {
            return TokenMatches(session, request.SessionToken) ? session.TokenHash : throw new DomainException(SessionErrors.TokenMismatch);
        }

        if (!caller.PassedEveryFactor && caller.SessionId != request.SessionId)
        {
            throw new DomainException(AuthErrors.EveryFactorRequired);
        }

        if (caller.UserId != session.User?.UserId)
        {
            Authorization.Require(caller, Permissions.SessionDelete, session.User?.UserResourceOwner ?? Caller.InstanceScope);
        }

        return null;
    }

    private void AuthorizeChange(Caller caller, SessionState session, string sessionToken)
    {
        // ZITADEL documents the field as ignored but still verifies a non-empty token; so do we.
        if (sessionToken.Length > 0)
        {
            if (!TokenGenerator.LooksValid(sessionToken))
            {
                throw new DomainException(SessionErrors.TokenUndecodable);
            }

            if (!TokenMatches(session, sessionToken))
            {
                throw new DomainException(SessionErrors.TokenMismatch);
            }

            return;
        }

        Authorization.Require(caller, Permissions.SessionWrite, session.User?.UserResourceOwner ?? Caller.InstanceScope);
    }

    /// <summary>
    /// A returned code is a login client's tool (it mails or shows the code itself), so it needs the session.write
    /// permission and never goes to the session being signed in: that session's own token, obtained with the password
    /// alone, would otherwise read the second factor's code (README, "A password alone never changes the account").
    /// </summary>
    private static void RequireReturnCodeAllowed(Caller caller, string sessionId, string? userOrgId)
    {
        if (caller.SessionId == sessionId || !caller.Can(Permissions.SessionWrite, userOrgId ?? Caller.InstanceScope))
        {
            throw new DomainException(AuthErrors.ReturnCodeDenied);
        }
    }

    private bool TokenMatches(SessionState session, string token) =>
        session.TokenHash is { } hash && hasher.Matches(AccessTokens.TokenPurpose, token, hash);

    private async Task<CheckedUser?> ResolveUserAsync(Checks? checks, CancellationToken ct)
    {
        if (checks?.User is not { } check)
        {
            return null;
        }

        switch (check.SearchCase)
        {
            case CheckUser.SearchOneofCase.UserId:
                ValidationErrors.RequireLength(check.UserId, "CheckUser.UserId");
                return await inputs.ResolveUserAsync(check.UserId, null, ct);
            case CheckUser.SearchOneofCase.LoginName:
                ValidationErrors.RequireLength(check.LoginName, "CheckUser.LoginName");
                return await inputs.ResolveUserAsync(null, check.LoginName, ct);
            default:
                throw ValidationErrors.Required("CheckUser.Search");
        }
    }

    private OtpEmailCheck? OtpCheckOf(Checks? checks) =>
        checks?.OtpEmail is { } otp
            ? otp.Code.Length > 0 ? otpCodes.CheckOf(otp.Code) : throw ValidationErrors.Invalid("CheckOTP.Code", "value length must be at least 1 runes")
            : null;

    /// <summary>ZITADEL validates the link template with dummy data before anything else (docs/otp-email.md §5.1).</summary>
    private static void ValidateUrlTemplate(RequestChallenges? challenges)
    {
        if (challenges?.OtpEmail is not { DeliveryTypeCase: RequestChallenges.Types.OTPEmail.DeliveryTypeOneofCase.SendCode } otp
            || !otp.SendCode.HasUrlTemplate)
        {
            return;
        }

        ValidationErrors.RequireLength(otp.SendCode.UrlTemplate, "SendCode.UrlTemplate");
        switch (UrlTemplate.Validate(otp.SendCode.UrlTemplate, ChallengeOtpEmail.UrlTemplateFields))
        {
            case UrlTemplate.Problem.Parse:
                throw new DomainException(OtpEmailErrors.UrlTemplateInvalid);
            case UrlTemplate.Problem.Render:
                throw new DomainException(OtpEmailErrors.UrlTemplateRenderFailed);
            default:
                break;
        }
    }

    private async Task<OtpEmailChallengeRequest?> OtpChallengeOfAsync(RequestChallenges? challenges, string? userId, CancellationToken ct)
    {
        if (challenges?.OtpEmail is not { } otp)
        {
            return null;
        }

        var delivery = otp.DeliveryTypeCase == RequestChallenges.Types.OTPEmail.DeliveryTypeOneofCase.ReturnCode ? OtpDelivery.Return : OtpDelivery.Send;
        var template = otp.DeliveryTypeCase == RequestChallenges.Types.OTPEmail.DeliveryTypeOneofCase.SendCode && otp.SendCode.HasUrlTemplate
            ? otp.SendCode.UrlTemplate
            : null;
        return await otpCodes.ChallengeAsync(delivery, template, userId, ct);
    }

    /// <summary><c>challenges</c> is present whenever the request had it; the code only for <c>returnCode</c>.</summary>
    private static Challenges? ChallengesOf(RequestChallenges? requested, SessionOutcome outcome)
    {
        if (requested is null)
        {
            return null;
        }

        var challenges = new Challenges();
        if (outcome.ReturnedCode is { } code)
        {
            challenges.OtpEmail = code;
        }

        return challenges;
    }

    private static string? PasswordOf(Checks? checks)
    {
        if (checks?.Password is not { } password)
        {
            return null;
        }

        ValidationErrors.RequireLength(password.Password, "CheckPassword.Password");
        return password.Password;
    }

    private static TimeSpan? ValidateLifetime(Google.Protobuf.WellKnownTypes.Duration? lifetime, string field)
    {
        if (lifetime is null)
        {
            return null;
        }

        var value = lifetime.ToTimeSpan();
        return value > TimeSpan.Zero ? value : throw ValidationErrors.Invalid(field, "value must be greater than 0s");
    }

    /// <summary>Factors Gatehouse does not offer yet are refused clearly instead of being silently ignored.</summary>
    private static void RejectUnsupported(Checks? checks, RequestChallenges? challenges)
    {
        if (checks is not null && (checks.WebAuthN is not null || checks.IdpIntent is not null || checks.Totp is not null
            || checks.OtpSms is not null))
        {
            throw ErrorMapping.Plain(StatusCode.Unimplemented, "this check is not supported by this server yet");
        }

        if (challenges is not null && (challenges.WebAuthN is not null || challenges.OtpSms is not null))
        {
            throw ErrorMapping.Plain(StatusCode.Unimplemented, "this challenge is not supported by this server yet");
        }
    }

    private static Dictionary<string, string> ToMetadata(Google.Protobuf.Collections.MapField<string, ByteString> metadata) =>
        metadata.ToDictionary(m => m.Key, m => m.Value.ToBase64(), StringComparer.Ordinal);

    private static SessionUserAgent? ToUserAgent(UserAgent? agent) => agent is null
        ? null
        : new SessionUserAgent(
            agent.HasFingerprintId ? agent.FingerprintId : null,
            agent.HasIp ? agent.Ip : null,
            agent.HasDescription ? agent.Description : null,
            agent.Header.Count == 0 ? null : agent.Header.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value.Values.ToList(), StringComparer.Ordinal));
}
