using System.Text.RegularExpressions;

namespace Gatehouse.Instance;

/// <summary>
/// The shapes of values the settings sections accept: links a login puts in pages, and CSS colours. Next to the login
/// policy, which checks its default redirect with it; Settings' branding and links sections use it from here.
/// </summary>
internal static partial class SettingValues
{
    /// <summary>Only http and https: a login renders these as links, and a <c>javascript:</c> link would run in its pages.</summary>
    public static bool IsEmptyOrAbsoluteUrl(string value) =>
        value.Length == 0
        || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

    public static bool IsEmptyOrColor(string value) => value.Length == 0 || HexColor().IsMatch(value);

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")]
    private static partial Regex HexColor();
}
