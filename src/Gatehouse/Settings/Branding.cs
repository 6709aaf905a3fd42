using Gatehouse.Instance;

namespace Gatehouse.Settings;

/// <summary>
/// The look of a login (ZITADEL's label policy), section <c>Gatehouse:Branding</c>. Empty values leave the login's own
/// defaults in place; Gatehouse does not host logo files, so logos and fonts are URLs the operator serves.
/// </summary>
internal sealed class Branding
{
    public string PrimaryColor { get; set; } = "";

    public string BackgroundColor { get; set; } = "";

    public string WarnColor { get; set; } = "";

    public string FontColor { get; set; } = "";

    public string LogoUrl { get; set; } = "";

    public string IconUrl { get; set; } = "";

    public string PrimaryColorDark { get; set; } = "";

    public string BackgroundColorDark { get; set; } = "";

    public string WarnColorDark { get; set; } = "";

    public string FontColorDark { get; set; } = "";

    public string LogoUrlDark { get; set; } = "";

    public string IconUrlDark { get; set; } = "";

    public string FontUrl { get; set; } = "";

    /// <summary><c>Auto</c> (follow the browser), <c>Light</c> or <c>Dark</c>.</summary>
    public string ThemeMode { get; set; } = "Auto";

    public bool HideLoginNameSuffix { get; set; }

    public bool DisableWatermark { get; set; }

    public static readonly string[] ThemeModes = ["Auto", "Light", "Dark"];

    public static readonly string[] Keys =
    [
        nameof(PrimaryColor), nameof(BackgroundColor), nameof(WarnColor), nameof(FontColor), nameof(LogoUrl), nameof(IconUrl),
        nameof(PrimaryColorDark), nameof(BackgroundColorDark), nameof(WarnColorDark), nameof(FontColorDark), nameof(LogoUrlDark),
        nameof(IconUrlDark), nameof(FontUrl), nameof(ThemeMode), nameof(HideLoginNameSuffix), nameof(DisableWatermark),
    ];

    /// <summary>What is wrong with these settings, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(PrimaryColor), PrimaryColor), (nameof(BackgroundColor), BackgroundColor), (nameof(WarnColor), WarnColor),
            (nameof(FontColor), FontColor), (nameof(PrimaryColorDark), PrimaryColorDark), (nameof(BackgroundColorDark), BackgroundColorDark),
            (nameof(WarnColorDark), WarnColorDark), (nameof(FontColorDark), FontColorDark),
        })
        {
            if (!SettingValues.IsEmptyOrColor(value))
            {
                yield return $"Gatehouse:Branding:{name} must be a hex colour such as #5469d4 (got '{value}')";
            }
        }

        foreach (var (name, value) in new[]
        {
            (nameof(LogoUrl), LogoUrl), (nameof(IconUrl), IconUrl), (nameof(LogoUrlDark), LogoUrlDark),
            (nameof(IconUrlDark), IconUrlDark), (nameof(FontUrl), FontUrl),
        })
        {
            if (!SettingValues.IsEmptyOrAbsoluteUrl(value))
            {
                yield return $"Gatehouse:Branding:{name} must be an absolute http or https URL (got '{value}')";
            }
        }

        if (!ThemeModes.Contains(ThemeMode, StringComparer.Ordinal))
        {
            yield return $"Gatehouse:Branding:ThemeMode must be Auto, Light or Dark (got '{ThemeMode}')";
        }
    }
}
