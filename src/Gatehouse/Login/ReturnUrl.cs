using Gatehouse.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Login;

/// <summary>
/// Where the login goes when it is done: only a local path (no open redirect), normally the authorization request
/// that sent the user here, from which the login also learns whether the application demands a second factor.
/// </summary>
internal static class ReturnUrl
{
    public const string Home = "/ui/security";

    /// <summary>Longer than any authorization request the login sends back to itself, short enough for a header.</summary>
    private const int MaxLength = 4096;

    /// <summary>
    /// The value itself when it is a same-origin path, otherwise <see cref="Home"/>. Browsers resolve a redirect by the
    /// WHATWG URL rules, which drop tabs and newlines and read <c>\</c> as <c>/</c>, so <c>/\t/evil.example</c> would
    /// leave for another host (SECURITY.md, open redirect). Rather than list what is dangerous, only characters that
    /// RFC 3986 allows unencoded in a path, query or fragment pass: anything else (control characters, spaces,
    /// backslashes, non-ASCII) must arrive percent-encoded, which browsers never decode into the authority. The same
    /// rule keeps CR, LF and non-ASCII out of the <c>Location</c> header, which would otherwise fail the response.
    /// </summary>
    public static string Safe(string? value) => IsLocalPath(value) ? value! : Home;

    private static bool IsLocalPath(string? value)
    {
        if (value is not { Length: > 0 and <= MaxLength } || value[0] != '/' || (value.Length > 1 && value[1] is '/' or '\\'))
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !Uri.IsHexDigit(value[i + 1]) || !Uri.IsHexDigit(value[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3986 unreserved, sub-delims, <c>:</c>, <c>@</c>, <c>/</c>, <c>?</c> and <c>#</c>.</summary>
    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+'
            or ',' or ';' or '=' or ':' or '@' or '/' or '?' or '#';
}
