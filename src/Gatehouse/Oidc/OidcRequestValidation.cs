using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using Errors = OpenIddict.Abstractions.OpenIddictConstants.Errors;

namespace Gatehouse.Oidc;

/// <summary>
/// The checks OpenIddict leaves to us in degraded mode (no OpenIddict stores: applications live in our own
/// configuration and read model): known client, exact redirect URIs, client secrets, and revocation. Without these
/// handlers OpenIddict refuses to start, so none of them can be forgotten.
/// </summary>
internal sealed class OidcRequestValidation(
    OidcClients clients, OidcTokenChecks checks, RefreshTokens refreshTokens, Sessions.SessionQueries sessions, MachineGrants machines) :
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>,
    IOpenIddictServerHandler<ValidateTokenRequestContext>,
    IOpenIddictServerHandler<ValidateIntrospectionRequestContext>,
    IOpenIddictServerHandler<ValidateRevocationRequestContext>,
    IOpenIddictServerHandler<ValidateEndSessionRequestContext>,
    IOpenIddictServerHandler<HandleRevocationRequestContext>,
    IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        var client = await clients.FindAsync(context.ClientId, context.CancellationToken);
        if (client is null)
        {
            context.Reject(Errors.InvalidClient, "The client_id is not registered.");
            return;
        }

        if (!client.MayRedirectTo(context.RedirectUri))
        {
            context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client, or not allowed.");
        }
    }

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        // The client of the client credentials grant is a machine user (its login name and secret), not an application.
        if (context.Request.IsClientCredentialsGrantType())
        {
            await machines.AuthenticateSecretAsync(context);
            return;
        }

        // The JWT profile grant authenticates with its signed assertion, checked at the endpoint (MachineGrants);
        // ZITADEL's SDKs send no client_id with it.
        if (context.Request.GrantType == MachineGrants.JwtBearer)
        {
            return;
        }

        await AuthenticateClientAsync(context, context.Request, requireSecretOfConfidential: true);
    }

    public async ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
    {
        // Only confidential clients may ask about tokens (RFC 7662 §2.1: the endpoint must be protected).
        var client = await AuthenticateClientAsync(context, context.Request, requireSecretOfConfidential: true);
        if (client is { Confidential: false })
        {
            context.Reject(Errors.InvalidClient, "Public clients cannot use the introspection endpoint.");
        }
    }

    public async ValueTask HandleAsync(ValidateRevocationRequestContext context) =>
        await AuthenticateClientAsync(context, context.Request, requireSecretOfConfidential: true);

    public async ValueTask HandleAsync(ValidateEndSessionRequestContext context)
    {
        if (context.PostLogoutRedirectUri is not { } target)
        {
            return;
        }

        var clientIds = context.ClientId is { Length: > 0 } id ? [id] : context.IdentityTokenHintPrincipal?.GetAudiences() ?? [];
        foreach (var clientId in clientIds)
        {
            if (await clients.FindAsync(clientId, context.CancellationToken) is { } client
                && client.PostLogoutRedirectUris.Contains(target, StringComparer.Ordinal))
            {
                return;
            }
        }

        context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered for this client.");
    }

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        if (context.Request.Token is { Length: > 0 } token)
        {
            await checks.RevokeAsync(token, context.GenericTokenPrincipal?.GetExpirationDate(), context.CancellationToken);
        }

        // Revoking a refresh token ends its family and the grant's access tokens too (RFC 7009 §2.1 allows it).
        if (IsRefreshToken(context.GenericTokenPrincipal) && context.GenericTokenPrincipal!.GetClaim(OidcGrant.Claim) is { } grant)
        {
            await refreshTokens.RevokeFamilyAsync(grant, context.CancellationToken);
        }
    }

    public async ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        // OpenIddict answers {"active":false} for invalid_token, as RFC 7662 asks for revoked tokens.
        if (context.Request.Token is { Length: > 0 } token && await checks.IsRevokedAsync(token, context.CancellationToken))
        {
            context.Reject(Errors.InvalidToken, "The token was revoked.");
            return;
        }

        // A refresh token's signature outlives its use: only the current token of a live family is active.
        if (IsRefreshToken(context.GenericTokenPrincipal)
            && !await refreshTokens.IsActiveAsync(context.Request.Token!, context.CancellationToken))
        {
            context.Reject(Errors.InvalidToken, "The refresh token was used, revoked or has expired.");
            return;
        }

        // Tokens end with their login session (sign-out), as the Auth API and userinfo already treat them.
        if (context.GenericTokenPrincipal?.GetClaim("sid") is { } sessionId
            && !(await sessions.LoadAsync(sessionId, context.CancellationToken)).Exists)
        {
            context.Reject(Errors.InvalidToken, "The session of this token has ended.");
        }
    }

    private static bool IsRefreshToken(System.Security.Claims.ClaimsPrincipal? principal) =>
        principal?.GetTokenType() is "refresh_token" or "urn:ietf:params:oauth:token-type:refresh_token";

    private async Task<OidcClient?> AuthenticateClientAsync(BaseValidatingContext context, OpenIddictRequest request, bool requireSecretOfConfidential)
    {
        var client = await clients.FindAsync(request.ClientId, context.CancellationToken);
        if (client is null)
        {
            context.Reject(Errors.InvalidClient, "The client_id is not registered.");
            return null;
        }

        if (client.Confidential && requireSecretOfConfidential && !clients.SecretMatches(client, request.ClientSecret))
        {
            context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
            return null;
        }

        if (!client.Confidential && !string.IsNullOrEmpty(request.ClientSecret))
        {
            context.Reject(Errors.InvalidClient, "A public client has no secret.");
            return null;
        }

        return client;
    }
}
