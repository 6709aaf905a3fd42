using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Gatehouse.Instance;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Oidc;

/// <summary>
/// The endpoints OpenIddict passes through to us: authorization (is the browser signed in well enough for this
/// application?), token (code redemption, once), userinfo and end-session. Tokens carry the session id (<c>sid</c>),
/// so signing out ends them too.
/// </summary>
internal static class OidcEndpoints
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static void MapGatehouseOidc(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/oauth/v2/authorize", ["GET", "POST"], AuthorizeAsync);
        app.MapPost("/oauth/v2/token", TokenAsync);
        app.MapMethods("/oidc/v1/userinfo", ["GET", "POST"], UserInfoAsync);
        app.MapMethods("/oidc/v1/end_session", ["GET", "POST"], EndSessionAsync);
    }

    // Long: the authorization steps in the order OpenID Connect requires (request, browser session, prompt, max_age,
    // second factor, hand-off), each a few lines, read top to bottom.
    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, BrowserSessions browser, OidcClients clients, OrganizationClaims organizations,
        ExternalLoginSettings externalLogin, AuthRequests authRequests, LoginPolicy policy, TimeProvider time)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var prompts = request.GetPromptValues();
        var reserved = ReservedScopes.Of(request.GetScopes());
        if (await organizations.MissingAsync(reserved, http.RequestAborted) is { } missing)
        {
            return Forbid(Errors.InvalidRequest, missing);
        }

        // The external login's way back (CreateCallback's URL) and its way in: the request, stored for it to finish.
        if (ResumeUrl.Of(request) is { } resume)
        {
            return await ResumeAsync(http, request, resume, authRequests, browser, clients, policy, organizations, time);
        }

        if (externalLogin.IsConfigured)
        {
            var stored = await authRequests.AddAsync(AuthRequestOf(request), http.RequestAborted);
            return Results.Redirect(externalLogin.LoginUrlFor(stored.Id));
        }

        var current = await browser.CurrentAsync(http);
        var returnUrl = ReturnUrlOf(http, request);
        var demand = await SecondFactor.DemandAsync(returnUrl, clients, policy, http.RequestAborted);

        // A user locked or deactivated since signing in gets no new code; the login tells them why.
        if (current is not null && current.User.State != UserStates.Active)
        {
            await BrowserSessions.ForgetAsync(http);
            current = null;
        }

        // prompt=login asks for a fresh sign-in for this request only (OIDC Core §3.1.2.1): the session stays valid for
        // other tabs and applications until the new sign-in replaces the cookie, which then comes back here without
        // the prompt. Signing the user out here would let any page end the session with a link.
        if (prompts.Contains(PromptValues.Login))
        {
            return prompts.Contains(PromptValues.None)
                ? Forbid(Errors.LoginRequired, "prompt=login cannot be combined with prompt=none.")
                : Results.Redirect($"/ui/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        var step = current is null
            ? SignInStep.LoginName
            : SecondFactor.Next(current.Session, current.User.OtpEmail, demand, time.GetUtcNow());
        if (step != SignInStep.Done)
        {
            if (prompts.Contains(PromptValues.None))
            {
                // Signed in, but the second factor is still due (or the user has none to offer this application): the
                // user can fix this only by interacting with the login (OIDC Core §3.1.2.6).
                return step is SignInStep.OtpEmail or SignInStep.SecondFactorMissing
                    ? Forbid(Errors.InteractionRequired, "The sign-in needs a second factor.")
                    : Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            var page = current is null ? "/ui/login" : "/ui/continue";
            return Results.Redirect($"{page}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        // Too old for this application's max_age: a fresh sign-in, as for prompt=login; the way back drops max_age, so a
        // sign-in that is a second old does not count as too old for max_age=0 and loop.
        if (SignInAge.IsTooOld(SignInProgress.AuthenticatedAt(current!.Session), request.MaxAge, time.GetUtcNow()))
        {
            return prompts.Contains(PromptValues.None)
                ? Forbid(Errors.LoginRequired, "The sign-in is older than max_age.")
                : Results.Redirect($"/ui/login?returnUrl={Uri.EscapeDataString(ReturnUrlOf(http, request, Parameters.MaxAge))}");
        }

        return await IssueCodeAsync(http, request, current, clients, organizations);
    }

    /// <summary>
    /// The external login's callback URL, used once: the login's answer — a session or an error — goes to the
    /// application through OpenIddict, exactly as after the hosted login. The session is read again, since the user
    /// may have signed out or been locked since CreateCallback.
    /// </summary>
    private static async Task<IResult> ResumeAsync(
        HttpContext http, OpenIddictRequest request, (string Id, string Secret) resume, AuthRequests authRequests, BrowserSessions browser,
        OidcClients clients, LoginPolicy policy, OrganizationClaims organizations, TimeProvider time)
    {
        var outcome = await authRequests.ResumeAsync(resume.Id, resume.Secret, ResumeUrl.Canonical(request), http.RequestAborted);
        if (outcome is null)
        {
            return Forbid(Errors.InvalidRequest, "The authorization request was already finished, has expired or does not match.");
        }

        if (outcome.Error is { } error)
        {
            return Forbid(error, outcome.ErrorDescription ?? "The login ended the authorization request.");
        }

        var current = await browser.OfAsync(outcome.SessionId ?? "", http.RequestAborted);
        var demand = await SecondFactor.DemandAsync(ReturnUrlOf(http, request), clients, policy, http.RequestAborted);
        if (current is null || current.User.State != UserStates.Active
            || SecondFactor.Next(current.Session, current.User.OtpEmail, demand, time.GetUtcNow()) != SignInStep.Done)
        {
            return Forbid(Errors.LoginRequired, "The session of this sign-in has ended.");
        }

        return await IssueCodeAsync(http, request, current, clients, organizations);
    }

    private static async Task<IResult> IssueCodeAsync(
        HttpContext http, OpenIddictRequest request, BrowserSession current, OidcClients clients, OrganizationClaims organizations)
    {
        // urn:zitadel:iam:org:id:{id} and …:org:domain:primary:{domain} admit only users of that organization; the
        // application asked for it, so it hears of the refusal (RFC 6749 §4.1.2.1, access_denied).
        var reserved = ReservedScopes.Of(request.GetScopes());
        var org = await organizations.OfAsync(current.User.OrgId, http.RequestAborted);
        if (!reserved.Admits(current.User.OrgId, org?.PrimaryDomain))
        {
            return Forbid(Errors.AccessDenied, "The user belongs to another organization than the application asked for.");
        }

        // offline_access only for applications allowed refresh tokens; for the others it is ignored (OIDC Core §11).
        var client = await clients.FindAsync(request.ClientId, http.RequestAborted);
        var scopes = request.GetScopes().Where(scope => scope != Scopes.OfflineAccess || client is { AllowRefreshTokens: true }).ToList();
        var principal = PrincipalOf(current, scopes, request.AcrValues, org);
        return Results.SignIn(principal, properties: null, Scheme);
    }

    /// <summary>What GetAuthRequest will answer and the resume will replay; id, times and state are the store's.</summary>
    private static AuthRequest AuthRequestOf(OpenIddictRequest request) => new(
        "", request.ClientId ?? "", request.RedirectUri ?? "", [.. request.GetScopes()], [.. request.GetPromptValues()],
        (request.UiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries), request.LoginHint, request.MaxAge, request.AcrValues,
        ResumeUrl.Canonical(request), default, default, AuthRequestState.Added);

    private static async Task<IResult> TokenAsync(
        HttpContext http, OidcTokenChecks checks, RefreshTokens refreshTokens, SessionQueries sessions, UserQueries users, MachineGrants machines)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsRefreshTokenGrantType())
        {
            return await RefreshAsync(http, refreshTokens, sessions, users);
        }

        if (request.IsClientCredentialsGrantType() || request.GrantType == MachineGrants.JwtBearer)
        {
            var (machine, problem) = await machines.TokenAsync(request, http.RequestAborted);
            return machine is not null ? Results.SignIn(machine, properties: null, Scheme) : Forbid(Errors.InvalidGrant, problem!);
        }

        if (!request.IsAuthorizationCodeGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "The grant type is not supported.");
        }

        var code = (await http.AuthenticateAsync(Scheme)).Principal;
        if (code is null || request.Code is not { } raw)
        {
            return Forbid(Errors.InvalidGrant, "The authorization code is invalid.");
        }

        switch (await checks.RedeemCodeAsync(raw, code.GetCreationDate(), code.GetExpirationDate(), http.RequestAborted))
        {
            case CodeRedemption.Replayed:
                if (code.GetClaim(OidcGrant.Claim) is { } grant)
                {
                    await refreshTokens.RevokeFamilyAsync(grant, http.RequestAborted);
                }

                return Forbid(Errors.InvalidGrant, "The authorization code was already redeemed; the tokens issued from it are revoked.");
            case CodeRedemption.Expired:
                return Forbid(Errors.InvalidGrant, "The authorization code has expired.");
        }

        // The user may have signed out or been locked since the code was issued.
        var session = await sessions.LoadAsync(code.GetClaim("sid") ?? "", http.RequestAborted);
        var user = code.GetClaim(Claims.Subject) is { } subject ? await users.GetAsync(subject, http.RequestAborted) : null;
        if (!session.Exists || user is not { State: UserStates.Active })
        {
            return Forbid(Errors.InvalidGrant, "The session of this code has ended.");
        }

        var principal = new ClaimsPrincipal(code.Identity!);
        principal.SetDestinations(DestinationsOf);
        return Results.SignIn(principal, properties: null, Scheme);
    }

    /// <summary>
    /// A refresh token, once (rotation): the new tokens carry the claims of the original sign-in — <c>amr</c>,
    /// <c>auth_time</c>, <c>sid</c> — since no one signed in again. A second use of a token revokes its family.
    /// </summary>
    private static async Task<IResult> RefreshAsync(HttpContext http, RefreshTokens refreshTokens, SessionQueries sessions, UserQueries users)
    {
        var request = http.GetOpenIddictServerRequest()!;
        var refreshed = (await http.AuthenticateAsync(Scheme)).Principal;
        if (refreshed is null || request.RefreshToken is not { } raw || refreshed.GetClaim(OidcGrant.Claim) is not { } grant)
        {
            return Forbid(Errors.InvalidGrant, "The refresh token is invalid.");
        }

        switch (await refreshTokens.UseAsync(raw, grant, http.RequestAborted))
        {
            case RefreshUse.Reused:
                return Forbid(Errors.InvalidGrant, "The refresh token was used before; every token of this sign-in is revoked.");
            case RefreshUse.Invalid:
                return Forbid(Errors.InvalidGrant, "The refresh token is no longer valid.");
        }

        var session = await sessions.LoadAsync(refreshed.GetClaim("sid") ?? "", http.RequestAborted);
        var user = refreshed.GetClaim(Claims.Subject) is { } subject ? await users.GetAsync(subject, http.RequestAborted) : null;
        if (!session.Exists || user is not { State: UserStates.Active })
        {
            await refreshTokens.RevokeFamilyAsync(grant, http.RequestAborted);
            return Forbid(Errors.InvalidGrant, "The session of this refresh token has ended.");
        }

        var principal = new ClaimsPrincipal(refreshed.Identity!);
        principal.SetDestinations(DestinationsOf);
        principal.SetRefreshTokenLifetime(await refreshTokens.LifetimeAsync(grant, http.RequestAborted));
        return Results.SignIn(principal, properties: null, Scheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, OidcTokenChecks checks, SessionQueries sessions, UserQueries users)
    {
        var principal = (await http.AuthenticateAsync(Scheme)).Principal;
        var token = http.GetOpenIddictServerRequest()?.AccessToken;
        var session = await sessions.LoadAsync(principal?.GetClaim("sid") ?? "", http.RequestAborted);
        var user = principal?.GetClaim(Claims.Subject) is { } subject ? await users.GetAsync(subject, http.RequestAborted) : null;
        if (principal is null || token is null || !session.Exists || user is null || user.State != UserStates.Active
            || await checks.IsRevokedAsync(token, http.RequestAborted))
        {
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is no longer valid.",
            }), [Scheme]);
        }

        var claims = new JsonObject { [Claims.Subject] = user.Id, [OidcScopes.ResourceOwnerClaim] = user.OrgId };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.DisplayName ?? user.UserName;
            claims[Claims.GivenName] = user.FirstName;
            claims[Claims.FamilyName] = user.LastName;
            claims[Claims.PreferredUsername] = user.UserName;
            claims[Claims.Locale] = user.PreferredLanguage;
        }

        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailVerified;
        }

        // ZITADEL's reserved claims were decided at sign-in (and the organization restriction checked): as in the token.
        foreach (var claim in principal.Claims.Where(c => OrganizationClaims.Types.Contains(c.Type, StringComparer.Ordinal)))
        {
            claims[claim.Type] = claim.ValueType == JsonClaimValueTypes.Json ? JsonNode.Parse(claim.Value) : claim.Value;
        }

        foreach (var empty in claims.Where(c => c.Value is null).Select(c => c.Key).ToList())
        {
            claims.Remove(empty);
        }

        return Results.Text(claims.ToJsonString(), "application/json");
    }

    private static async Task<IResult> EndSessionAsync(
        HttpContext http, BrowserSessions browser, SignIn signIn, IAntiforgery antiforgery, ISignOutPrompt prompt)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var current = await browser.CurrentAsync(http);
        // OpenIddict has checked the id_token_hint's signature and hands over its principal, if there was a valid one.
        var hint = (await http.AuthenticateAsync(Scheme)).Principal;
        var confirmed = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
            && (await http.Request.ReadFormAsync(http.RequestAborted))[LogoutConfirmation.ConfirmField] == "yes"
            && await antiforgery.IsRequestValidAsync(http);
        if (LogoutConfirmation.IsNeeded(current?.SessionId, hint?.GetClaim("sid"), confirmed))
        {
            return prompt.Ask(http, request.GetParameters().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
        }

        if (current is not null)
        {
            await signIn.TerminateAsync(current.SessionId, http.RequestAborted);
        }

        await BrowserSessions.ForgetAsync(http);
        if (request.PostLogoutRedirectUri is { Length: > 0 })
        {
            // OpenIddict validated the address against the application and appends its state.
            return Results.SignOut(properties: null, [Scheme]);
        }

        return Results.Redirect("/ui/signed-out");
    }

    private static ClaimsPrincipal PrincipalOf(
        BrowserSession current, IReadOnlyList<string> requestedScopes, string? acrValues, (string Name, string PrimaryDomain)? org)
    {
        var user = current.User;
        var methods = SignInProgress.AuthenticationMethods(current.Session);
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.DisplayName ?? user.UserName)
            .SetClaim(Claims.GivenName, user.FirstName)
            .SetClaim(Claims.FamilyName, user.LastName)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Locale, user.PreferredLanguage)
            .SetClaim("sid", current.SessionId)
            .SetClaim(OidcScopes.ResourceOwnerClaim, user.OrgId)
            .SetClaim(OidcGrant.Claim, OidcGrant.NewId())
            .SetClaim(Claims.AuthenticationContextReference, OidcAcr.Of(acrValues, [.. methods]))
            .SetClaims(Claims.AuthenticationMethodReference, [.. methods]);
        identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        if (SignInProgress.AuthenticatedAt(current.Session) is { } at)
        {
            identity.AddClaim(new Claim(Claims.AuthenticationTime, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        var reserved = ReservedScopes.Of(requestedScopes);
        OrganizationClaims.Add(identity, reserved, org);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(requestedScopes.Where(OidcScopes.IsServed));
        // urn:zitadel:iam:org:project:id:{projectid}:aud; "zitadel" makes the token a bearer token for the API.
        principal.SetResources(reserved.Audiences);

        principal.SetDestinations(DestinationsOf);
        return principal;
    }

    /// <summary>Profile and email claims go into the ID token only when their scope was granted (OIDC Core §5.4).</summary>
    private static IEnumerable<string> DestinationsOf(Claim claim)
    {
        var principal = claim.Subject!;
        return claim.Type switch
        {
            Claims.Name or Claims.GivenName or Claims.FamilyName or Claims.PreferredUsername or Claims.Locale
                when principal.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email or Claims.EmailVerified when principal.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Subject or Claims.AuthenticationMethodReference or Claims.AuthenticationTime or Claims.AuthenticationContextReference or "sid"
                or OidcScopes.ResourceOwnerClaim or OidcScopes.ResourceOwnerNameClaim or OidcScopes.ResourceOwnerDomainClaim
                or OidcScopes.OrgDomainClaim or OidcScopes.Metadata =>
                [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        };
    }

    /// <summary>
    /// The authorization request as a local URL to come back to, without <c>prompt</c> (it was honoured once) and
    /// without any other parameter named (<c>max_age</c> once a fresh sign-in was asked for).
    /// </summary>
    private static string ReturnUrlOf(HttpContext http, OpenIddictRequest request, string? honoured = null)
    {
        var parameters = request.GetParameters()
            .Where(p => p.Key != Parameters.Prompt && p.Key != honoured)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));
        return http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [Scheme]);
}
