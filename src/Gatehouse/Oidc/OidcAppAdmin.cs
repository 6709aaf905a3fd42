using System.Text.Json;
using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Transport;

namespace Gatehouse.Oidc;

/// <summary>Body of <c>POST /admin/v1/oidc/apps</c>; a confidential application gets a generated secret, shown once.</summary>
internal sealed record OidcAppRequest(
    string? ClientId, string? Name, bool Confidential, IReadOnlyList<string>? RedirectUris, IReadOnlyList<string>? PostLogoutRedirectUris, bool RequireMfa,
    bool AllowRefreshTokens = false);

internal sealed record OidcAppResponse(
    string ClientId, string Name, string? ClientSecret, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris,
    bool Confidential, bool RequireMfa, bool Configured, bool AllowRefreshTokens);

internal sealed record OidcAppListResponse(IReadOnlyList<OidcAppResponse> Result);

/// <summary>
/// A small JSON API for the administrator (an IAM_OWNER bearer token, e.g. <c>data/admin.pat</c>) to register, list
/// and remove OIDC applications at run time. ZITADEL's management API for applications is much larger; this is
/// Gatehouse's own, under <c>/admin/v1/oidc/apps</c>.
/// </summary>
internal static class OidcAppAdmin
{
    private const string Path = "/admin/v1/oidc/apps";

    public static void MapGatehouseOidcAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, AddAsync);
        app.MapGet(Path, ListAsync);
        app.MapDelete(Path + "/{clientId}", RemoveAsync);
    }

    private static async Task<IResult> AddAsync(HttpContext http, IAuthenticator auth, CommandRunner commands, OidcClients clients, SecretHasher hasher, IdGenerator ids)
    {
        if (await OwnerAsync(http, auth) is { } refused)
        {
            return refused;
        }

        OidcAppRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, OidcJson.Default.OidcAppRequest, http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var clientId = body?.ClientId is { Length: > 0 } given ? given : ids.NewId();
        var redirects = body?.RedirectUris ?? [];
        var logouts = body?.PostLogoutRedirectUris ?? [];
        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, 3, "the body must be a JSON object");
        }

        if (OidcClient.Problem(clientId, redirects, logouts) is { } problem)
        {
            return Error(http, StatusCodes.Status400BadRequest, OidcAppDecisions.Invalid(problem));
        }

        var secret = body.Confidential ? TokenGenerator.NewToken() : null;
        var added = new OidcAppAdded(clientId, body.Name ?? clientId, secret is null ? null : hasher.Hash(OidcClient.SecretPurpose, secret),
            redirects, logouts, body.RequireMfa, body.AllowRefreshTokens);
        var caller = (Caller)http.Items[typeof(Caller)]!;
        try
        {
            await commands.RunAsync(OidcAppEvents.Aggregate, clientId, new CommandContext(caller.UserId, caller.OrgId),
                state => OidcAppDecisions.Add(state, added, clients.IsConfigured(clientId)), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return Error(http, StatusCodes.Status409Conflict, e.Error);
        }

        return Results.Json(new OidcAppResponse(clientId, added.Name, secret, redirects, logouts, secret is not null, body.RequireMfa, false, body.AllowRefreshTokens),
            OidcJson.Default.OidcAppResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAuthenticator auth, OidcClients clients)
    {
        if (await OwnerAsync(http, auth) is { } refused)
        {
            return refused;
        }

        var apps = (await clients.ListAsync(http.RequestAborted))
            .Select(c => new OidcAppResponse(c.ClientId, c.DisplayName, null, c.RedirectUris, c.PostLogoutRedirectUris, c.Confidential, c.RequireMfa,
                clients.IsConfigured(c.ClientId), c.AllowRefreshTokens))
            .ToList();
        return Results.Json(new OidcAppListResponse(apps), OidcJson.Default.OidcAppListResponse);
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, IAuthenticator auth, CommandRunner commands, string clientId)
    {
        if (await OwnerAsync(http, auth) is { } refused)
        {
            return refused;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        try
        {
            await commands.RunAsync(OidcAppEvents.Aggregate, clientId, new CommandContext(caller.UserId, caller.OrgId),
                OidcAppDecisions.Remove, http.RequestAborted);
        }
        catch (DomainException e)
        {
            return Error(http, StatusCodes.Status404NotFound, e.Error);
        }

        return Results.Json(new OidcAppListResponse([]), OidcJson.Default.OidcAppListResponse);
    }

    /// <summary>Only an instance owner may change which applications can sign users in.</summary>
    private static async Task<IResult?> OwnerAsync(HttpContext http, IAuthenticator auth)
    {
        Caller caller;
        try
        {
            caller = await auth.AuthenticateAsync(http.Request.Headers.Authorization.FirstOrDefault(), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return Error(StatusCodes.Status401Unauthorized, 16, $"{e.Error.Key} ({e.Error.Id})");
        }

        if (!caller.Memberships.TryGetValue(Caller.InstanceScope, out var roles) || !roles.Contains(Roles.IamOwner, StringComparer.Ordinal))
        {
            return Error(StatusCodes.Status403Forbidden, 7, "No matching permissions found (AUTH-5mWD2)");
        }

        http.Items[typeof(Caller)] = caller;
        return null;
    }

    /// <summary>The same body JSON transcoding gives the rest of the API: code, message and a zitadel.v1.ErrorDetail.</summary>
    private static IResult Error(HttpContext http, int status, DomainError error)
    {
        var text = http.RequestServices.GetRequiredService<ErrorTexts>().Translate(error.Key, ErrorTexts.LanguageOf(http.Request.Headers.AcceptLanguage));
        if (error.Hint is { } hint)
        {
            text = $"{text}: {hint}";
        }

        var detail = new Dictionary<string, object> { ["@type"] = "type.googleapis.com/zitadel.v1.ErrorDetail", ["id"] = error.Id, ["message"] = text };
        return Results.Json(new Dictionary<string, object>
        {
            ["code"] = (int)ErrorMapping.CodeOf(error.Kind),
            ["message"] = $"{text} ({error.Id})",
            ["details"] = new[] { detail },
        }, statusCode: status);
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new Dictionary<string, object> { ["code"] = code, ["message"] = message }, statusCode: status);
}
