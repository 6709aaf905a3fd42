
namespace Gatehouse.Oidc;

/// <summary>
/// Which addresses an application may register as redirect or post-logout redirect URI. Gatehouse sends the browser
/// there with codes, or posts them there (<c>response_mode=form_post</c>), so an address that is not a real place
/// outside Gatehouse — <c>javascript:</c>, <c>data:</c> — would run script in Gatehouse's own origin. Allowed, as
/// RFC 8252 and OAuth 2.0 Security BCP §4.1.3 ask (SECURITY.md, "Redirect URIs"): <c>https</c> with a host;
/// <c>http</c> only on the loopback interface (RFC 8252 §7.3, for native apps and development); and private-use
/// schemes of native apps, which must be reverse domain names and so contain a dot (RFC 8252 §7.1).
/// </summary>
internal static class RedirectUriRule
{
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "[::1]", "localhost"];

    // Schemes that browsers execute or read locally instead of navigating away; none of them contains a dot, so the
    // private-use rule refuses them anyway, but they get a message of their own.
    private static readonly string[] DangerousSchemes = ["javascript", "data", "file", "vbscript", "blob", "about"];

    /// <summary>Why the address cannot be registered, or null if it can.</summary>
    public static string? Problem(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return "must not be empty";
        }

        // Browsers strip tabs and newlines and read '\' as '/' (WHATWG URL), so what they visit would differ from
        // what was registered and matched.
        if (uri.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\'))
        {
            return "must not contain whitespace, control characters or backslashes";
        }

        // On Unix, .NET reads "/cb" as file:///cb; requiring the scheme in the text refuses relative references.
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !uri.StartsWith(parsed.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            return "must be an absolute URI";
        }

        // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment.
        if (uri.Contains('#', StringComparison.Ordinal))
        {
            return "must not have a fragment";
        }

        if (DangerousSchemes.Contains(parsed.Scheme, StringComparer.Ordinal))
        {
            return $"must not use the {parsed.Scheme}: scheme";
        }

        if (parsed.Scheme is "https" or "http")
        {
            if (!uri.StartsWith(parsed.Scheme + "://", StringComparison.OrdinalIgnoreCase) || parsed.Host.Length == 0)
            {
                return "must name a host";
            }

            // "https://app.example@evil.example/" shows one host and goes to another.
            if (parsed.UserInfo.Length > 0)
            {
                return "must not contain a user name or password";
            }

            if (parsed.Scheme == "http" && !LoopbackHosts.Contains(parsed.Host, StringComparer.OrdinalIgnoreCase))
            {
                return "must use https; http is allowed only on 127.0.0.1, [::1] or localhost";
            }

            return null;
        }

        if (!parsed.Scheme.Contains('.', StringComparison.Ordinal))
        {
            return "must use https, http on loopback, or a private-use scheme in reverse domain form (com.example.app:/callback)";
        }

        return parsed.UserInfo.Length > 0 ? "must not contain a user name or password" : null;
    }
}
