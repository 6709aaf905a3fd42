using OpenIddict.Abstractions;

namespace Gatehouse.Oidc;

/// <summary>
/// The callback URL CreateCallback returns: the application's own authorization request again, at Gatehouse's
/// authorization endpoint, with the auth request's id and a one-time secret. OpenIddict validates it once more and
/// answers it exactly as after the hosted login — code, <c>state</c>, <c>iss</c>, in the requested response mode — so
/// there is one code path for tokens, whichever login signed the user in (docs/zitadel-wire.md §11.3).
/// </summary>
internal static class ResumeUrl
{
    public const string AuthRequestParameter = "gatehouse_auth_request";
    public const string SecretParameter = "gatehouse_resume";

    /// <summary>The request's parameters in a fixed order, without the resume's own; the resume must match them exactly.</summary>
    public static string Canonical(OpenIddictRequest request) =>
        QueryString.Create(request.GetParameters()
            .Where(p => p.Key is not (AuthRequestParameter or SecretParameter))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))).Value?.TrimStart('?') ?? "";

    public static string For(string issuer, AuthRequest request, string secret) =>
        $"{issuer.TrimEnd('/')}/oauth/v2/authorize?{request.Parameters}&{AuthRequestParameter}={Uri.EscapeDataString(request.Id)}" +
        $"&{SecretParameter}={Uri.EscapeDataString(secret)}";

    public static (string Id, string Secret)? Of(OpenIddictRequest request) =>
        request.GetParameter(AuthRequestParameter)?.ToString() is { Length: > 0 } id && request.GetParameter(SecretParameter)?.ToString() is { Length: > 0 } secret
            ? (id, secret)
            : null;
}
