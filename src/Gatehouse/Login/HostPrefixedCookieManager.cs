using Microsoft.AspNetCore.Authentication.Cookies;

namespace Gatehouse.Login;

/// <summary>
/// The login cookie under TLS is named <c>__Host-gatehouse.login</c>: browsers accept a <c>__Host-</c> cookie only
/// with <c>Secure</c>, <c>Path=/</c> and no <c>Domain</c>, so neither a cleartext response nor a sibling subdomain can
/// plant or overwrite it (SECURITY.md, session fixation). Without TLS (development) the name has no prefix, since
/// browsers refuse such a cookie over plain HTTP. The decision is per request, so it also holds behind a TLS proxy
/// whose scheme the host trusts. Chunking stays ASP.NET Core's.
/// </summary>
internal sealed class HostPrefixedCookieManager : ICookieManager
{
    private const string Prefix = "__Host-";
    private readonly ChunkingCookieManager inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, NameFor(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, NameFor(context, key), value, Restricted(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        inner.DeleteCookie(context, NameFor(context, key), Restricted(context, options));

    private static string NameFor(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;

    private static CookieOptions Restricted(HttpContext context, CookieOptions options) =>
        context.Request.IsHttps ? new CookieOptions(options) { Secure = true, Path = "/", Domain = null } : options;
}
