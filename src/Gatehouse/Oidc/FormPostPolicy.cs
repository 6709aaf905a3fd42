using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Oidc;

/// <summary>
/// A Content-Security-Policy for OpenIddict's <c>response_mode=form_post</c> page, which Gatehouse serves from its own
/// origin: the page may run only its one inline script (<c>document.form.submit();</c>, allowed by its hash) and post
/// only to the application's redirect URI, so a redirect URI that slipped past <see cref="RedirectUriRule"/> (or was
/// registered before it) still cannot run script as Gatehouse (SECURITY.md, "Redirect URIs").
/// </summary>
internal sealed class FormPostPolicy : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    /// <summary>Base64 SHA-256 of OpenIddict's script <c>document.form.submit();</c>; a test posts through the real page.</summary>
    public const string ScriptHash = "sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI=";

    /// <summary>Runs before OpenIddict writes the page.</summary>
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
        .UseSingletonHandler<FormPostPolicy>()
        .SetOrder(OpenIddictServerAspNetCoreHandlers.Authentication.ProcessFormPostResponse.Descriptor.Order - 1_000)
        .Build();

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ResponseMode == ResponseModes.FormPost && context.Transaction.GetHttpRequest() is { } request)
        {
            request.HttpContext.Response.Headers.ContentSecurityPolicy = Policy(context.RedirectUri);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The policy for a page that posts to <paramref name="redirectUri"/>.</summary>
    public static string Policy(string? redirectUri) =>
        $"default-src 'none'; script-src '{ScriptHash}'; form-action {FormAction(redirectUri)}; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The origin of an allowed redirect URI as a CSP source; <c>'none'</c> for anything else.</summary>
    public static string FormAction(string? redirectUri)
    {
        if (RedirectUriRule.Problem(redirectUri) is not null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
        {
            return "'none'";
        }

        return uri.Scheme is "https" or "http" ? uri.GetLeftPart(UriPartial.Authority) : uri.Scheme + ":";
    }
}
