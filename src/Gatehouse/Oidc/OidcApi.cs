using Gatehouse.Crypto;
using Gatehouse.Instance;
using Gatehouse.Kernel;
using Gatehouse.Sessions;
using Gatehouse.Transport;
using Gatehouse.Users;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.Oidc.V2;

namespace Gatehouse.Oidc;

/// <summary>
/// <c>zitadel.oidc.v2.OIDCService</c>: how an external login (ZITADEL's Login V2) reads the authorization request it
/// was sent with and hands it back, once, with a signed-in session or an error (docs/zitadel-wire.md §11). Only the
/// login client's permissions open it: a user's own session token could otherwise link itself to any waiting request.
/// </summary>
internal sealed class OidcApi(
    AuthRequests requests,
    OidcSettings oidc,
    GatehouseSettings host,
    SessionQueries sessions,
    UserQueries users,
    OidcClients clients,
    LoginPolicy policy,
    OrganizationClaims organizations,
    OrgQueries orgs,
    SecretHasher hasher,
    TimeProvider time) : OIDCService.OIDCServiceBase
{
    private const int MaxDescription = 1000;

    public override async Task<GetAuthRequestResponse> GetAuthRequest(GetAuthRequestRequest request, ServerCallContext context)
    {
        Authorization.Require(ApiInterceptor.CallerOf(context), Permissions.SessionRead, Caller.InstanceScope);
        ValidationErrors.RequireLength(request.AuthRequestId, "GetAuthRequestRequest.AuthRequestId");
        // A request already answered or past its lifetime is gone for the login, as ZITADEL's projection drops it.
        var found = await requests.FindAsync(request.AuthRequestId, context.CancellationToken);
        if (found is null || found.State is AuthRequestState.Done or AuthRequestState.Failed || found.IsExpired(time.GetUtcNow()))
        {
            throw new DomainException(AuthRequestErrors.NotExisting);
        }

        return new GetAuthRequestResponse { AuthRequest = ToMessage(found) };
    }

    public override async Task<CreateCallbackResponse> CreateCallback(CreateCallbackRequest request, ServerCallContext context)
    {
        Authorization.Require(ApiInterceptor.CallerOf(context), Permissions.SessionLink, Caller.InstanceScope);
        ValidationErrors.RequireLength(request.AuthRequestId, "CreateCallbackRequest.AuthRequestId");
        var ct = context.CancellationToken;
        var (found, secret) = request.CallbackKindCase switch
        {
            CreateCallbackRequest.CallbackKindOneofCase.Session => await LinkAsync(request.AuthRequestId, request.Session, ct),
            CreateCallbackRequest.CallbackKindOneofCase.Error => await FailAsync(request.AuthRequestId, request.Error, ct),
            _ => throw new DomainException(DomainError.LiteralText(
                ErrorKind.Unimplemented, "OIDCv2-zee7A", "verification oneOf in method CreateCallback not implemented")),
        };
        var instance = await orgs.GetInstanceAsync(ct);
        return new CreateCallbackResponse
        {
            Details = DetailsMapping.V2(new ObjectDetails(0, time.GetUtcNow(), instance?.Id ?? "")),
            CallbackUrl = ResumeUrl.For(OidcServices.IssuerOf(oidc, host), found, secret),
        };
    }

    private async Task<(AuthRequest, string)> LinkAsync(string id, Zitadel.Oidc.V2.Session handedOver, CancellationToken ct)
    {
        ValidationErrors.RequireLength(handedOver.SessionId, "Session.SessionId");
        ValidationErrors.RequireLength(handedOver.SessionToken, "Session.SessionToken");
        var found = await requests.FindAsync(id, ct);
        var session = await sessions.LoadAsync(handedOver.SessionId, ct);
        var user = session.User is { } checkedUser ? await users.GetAsync(checkedUser.UserId, ct) : null;
        var tokenMatches = session.TokenHash is { } hash && hasher.Matches(AccessTokens.TokenPurpose, handedOver.SessionToken, hash);
        var rules = found is null || user is null ? new CallbackRules(SecondFactorDemand.None, true) : await RulesAsync(found, user, ct);
        if (AuthRequestCallback.Decide(found, new CallbackSession(session, user, tokenMatches), rules, time.GetUtcNow()) is { } refused)
        {
            throw new DomainException(refused);
        }

        var secret = await requests.LinkAsync(id, handedOver.SessionId, oidc.AuthorizationCodeLifetime, ct)
            ?? throw new DomainException(AuthRequestErrors.AlreadyHandled);
        return (found!, secret);
    }

    private async Task<(AuthRequest, string)> FailAsync(string id, AuthorizationError error, CancellationToken ct)
    {
        if (error.ErrorDescription.Length > MaxDescription)
        {
            throw ValidationErrors.MaxLength("AuthorizationError.ErrorDescription", MaxDescription);
        }

        var found = await requests.FindAsync(id, ct);
        if (found is null || (found.State == AuthRequestState.Added && found.IsExpired(time.GetUtcNow())))
        {
            throw new DomainException(AuthRequestErrors.CallbackNotExisting);
        }

        var description = error.HasErrorDescription ? error.ErrorDescription : null;
        var secret = await requests.FailAsync(id, AuthorizationErrors.Code(error.Error), description, oidc.AuthorizationCodeLifetime, ct)
            ?? throw new DomainException(AuthRequestErrors.FailAlreadyHandled);
        return (found, secret);
    }

    /// <summary>The application's and the login policy's demands, as the hosted login reads them from the same request (<see cref="SecondFactor"/>).</summary>
    private async Task<CallbackRules> RulesAsync(AuthRequest found, UserRow user, CancellationToken ct)
    {
        var demand = await SecondFactor.DemandAsync("?" + found.Parameters, clients, policy, ct);
        var org = await organizations.OfAsync(user.OrgId, ct);
        return new CallbackRules(demand, ReservedScopes.Of(found.Scopes).Admits(user.OrgId, org?.PrimaryDomain));
    }

    private static Zitadel.Oidc.V2.AuthRequest ToMessage(AuthRequest found)
    {
        var message = new Zitadel.Oidc.V2.AuthRequest
        {
            Id = found.Id,
            CreationDate = Timestamp.FromDateTimeOffset(found.CreatedAt),
            ClientId = found.ClientId,
            RedirectUri = found.RedirectUri,
            Scope = { found.Scopes },
            Prompt = { found.Prompts.Select(PromptOf) },
            UiLocales = { found.UiLocales },
        };
        if (found.LoginHint is { } hint)
        {
            message.LoginHint = hint;
        }

        if (found.MaxAge is { } maxAge)
        {
            message.MaxAge = Duration.FromTimeSpan(TimeSpan.FromSeconds(maxAge));
        }

        return message;
    }

    private static Prompt PromptOf(string prompt) => prompt switch
    {
        "none" => Prompt.None,
        "login" => Prompt.Login,
        "consent" => Prompt.Consent,
        "select_account" => Prompt.SelectAccount,
        "create" => Prompt.Create,
        _ => Prompt.Unspecified,
    };
}
