using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Authentication;

namespace Gatehouse.Oidc;

/// <summary>
/// OpenIddict redirects an authorization error to the application only when every validation step passed, so a
/// missing code_challenge or a bad response_type got a text page and the application never learned what happened.
/// RFC 6749 §4.1.2.1 (and RFC 7636 §4.4.1) ask for the opposite: once the client and its redirect_uri are known
/// good, every error goes back to the redirect_uri with <c>error</c>, <c>state</c> and <c>iss</c>. An unknown client
/// or an unregistered redirect_uri still gets the page, never a redirect (open redirector, RFC 6749 §10.15).
/// </summary>
internal sealed class ErrorsToTheApplication(OidcClients clients) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<ErrorsToTheApplication>()
            // After OpenIddict chose (or refused) a redirect and a response mode, before it attaches state and iss.
            .SetOrder(InferResponseMode.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (context.Request is not { } request || !string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error)
            || request.RedirectUri is not { Length: > 0 } redirect
            || await clients.FindAsync(request.ClientId, context.CancellationToken) is not { } client
            || !client.MayRedirectTo(redirect))
        {
            return;
        }

        context.RedirectUri = redirect;
        context.ResponseMode = request.ResponseMode is ResponseModes.Query or ResponseModes.Fragment or ResponseModes.FormPost
            ? request.ResponseMode
            : request.IsFragmentResponseMode() ? ResponseModes.Fragment : ResponseModes.Query;
    }
}
