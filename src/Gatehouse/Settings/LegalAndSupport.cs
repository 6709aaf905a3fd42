using Gatehouse.Instance;

namespace Gatehouse.Settings;

/// <summary>The links a login shows under its forms, section <c>Gatehouse:LegalAndSupport</c>. Empty links are not shown.</summary>
internal sealed class LegalAndSupport
{
    public string TosLink { get; set; } = "";

    public string PrivacyPolicyLink { get; set; } = "";

    public string HelpLink { get; set; } = "";

    public string SupportEmail { get; set; } = "";

    public string DocsLink { get; set; } = "";

    public string CustomLink { get; set; } = "";

    public string CustomLinkText { get; set; } = "";

    public static readonly string[] Keys =
    [
        nameof(TosLink), nameof(PrivacyPolicyLink), nameof(HelpLink), nameof(SupportEmail), nameof(DocsLink),
        nameof(CustomLink), nameof(CustomLinkText),
    ];

    /// <summary>What is wrong with these settings, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(TosLink), TosLink), (nameof(PrivacyPolicyLink), PrivacyPolicyLink), (nameof(HelpLink), HelpLink),
            (nameof(DocsLink), DocsLink), (nameof(CustomLink), CustomLink),
        })
        {
            if (!SettingValues.IsEmptyOrAbsoluteUrl(value))
            {
                yield return $"Gatehouse:LegalAndSupport:{name} must be an absolute http or https URL (got '{value}')";
            }
        }

        if (SupportEmail.Length > 0 && !System.Net.Mail.MailAddress.TryCreate(SupportEmail, out _))
        {
            yield return $"Gatehouse:LegalAndSupport:SupportEmail must be an email address (got '{SupportEmail}')";
        }
    }
}
