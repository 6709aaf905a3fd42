using Gatehouse.Instance;
using Gatehouse.OtpEmail;
using Gatehouse.Users;
using Google.Protobuf.WellKnownTypes;
using Zitadel.Settings.V2;
using ObjectDetails = Zitadel.Object.V2.Details;

namespace Gatehouse.Settings;

/// <summary>
/// The Settings v2 answers, from what Gatehouse is configured with and enforces. One instance-wide value per setting;
/// an organization differs only where Gatehouse treats it differently (OTP Email turned off there), and then the
/// answer says so with <c>RESOURCE_OWNER_TYPE_ORG</c>, as ZITADEL does for an organization's own policy.
/// </summary>
internal static class SettingsAnswers
{
    /// <summary>The languages Gatehouse's own texts (errors, mails, hosted pages) are written in; the first is the default.</summary>
    public static readonly string[] Languages = ["en", "de"];

    public static GetLoginSettingsResponse Login(LoginPolicy policy, SettingsOwner owner, bool otpEmailAllowed)
    {
        var settings = new LoginSettings
        {
            AllowUsernamePassword = true,
            ForceMfa = policy.ForceMfa,
            PasskeysType = PasskeysType.NotAllowed,
            // No password reset, registration, identity providers or sign-in by email address or phone number:
            // a login must not offer what Gatehouse would refuse.
            HidePasswordReset = true,
            DisableLoginWithEmail = true,
            DisableLoginWithPhone = true,
            DefaultRedirectUri = policy.DefaultRedirectUri,
            PasswordCheckLifetime = Duration.FromTimeSpan(policy.PasswordCheckLifetime),
            ExternalLoginCheckLifetime = Duration.FromTimeSpan(policy.ExternalLoginCheckLifetime),
            MfaInitSkipLifetime = Duration.FromTimeSpan(policy.MfaInitSkipLifetime),
            SecondFactorCheckLifetime = Duration.FromTimeSpan(policy.SecondFactorCheckLifetime),
            MultiFactorCheckLifetime = Duration.FromTimeSpan(policy.MultiFactorCheckLifetime),
            ResourceOwnerType = otpEmailAllowed ? ResourceOwnerType.Instance : ResourceOwnerType.Org,
        };
        if (otpEmailAllowed)
        {
            settings.SecondFactors.Add(SecondFactorType.OtpEmail);
        }

        return new GetLoginSettingsResponse { Details = Details(otpEmailAllowed ? owner.InstanceId : owner.OrgId), Settings = settings };
    }

    public static GetLockoutSettingsResponse Lockout(LockoutPolicy lockout, OtpEmailPolicy otpEmail, SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new LockoutSettings
        {
            MaxPasswordAttempts = (ulong)lockout.MaxPasswordAttempts,
            MaxOtpAttempts = (ulong)otpEmail.MaxOtpAttempts,
            ResourceOwnerType = ResourceOwnerType.Instance,
        },
    };

    /// <summary>The rule <see cref="PasswordPolicy"/> enforces on every new password.</summary>
    public static GetPasswordComplexitySettingsResponse PasswordComplexity(SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new PasswordComplexitySettings
        {
            MinLength = PasswordPolicy.MinLength,
            RequiresLowercase = true,
            RequiresUppercase = true,
            RequiresNumber = true,
            RequiresSymbol = true,
            ResourceOwnerType = ResourceOwnerType.Instance,
        },
    };

    /// <summary>Passwords do not expire in Gatehouse (NIST SP 800-63B advises against forced changes): 0 days.</summary>
    public static GetPasswordExpirySettingsResponse PasswordExpiry(SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new PasswordExpirySettings { ResourceOwnerType = ResourceOwnerType.Instance },
    };

    public static GetBrandingSettingsResponse Branding(Branding branding, SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new BrandingSettings
        {
            LightTheme = new Theme
            {
                PrimaryColor = branding.PrimaryColor, BackgroundColor = branding.BackgroundColor, WarnColor = branding.WarnColor,
                FontColor = branding.FontColor, LogoUrl = branding.LogoUrl, IconUrl = branding.IconUrl,
            },
            DarkTheme = new Theme
            {
                PrimaryColor = branding.PrimaryColorDark, BackgroundColor = branding.BackgroundColorDark, WarnColor = branding.WarnColorDark,
                FontColor = branding.FontColorDark, LogoUrl = branding.LogoUrlDark, IconUrl = branding.IconUrlDark,
            },
            FontUrl = branding.FontUrl,
            HideLoginNameSuffix = branding.HideLoginNameSuffix,
            DisableWatermark = branding.DisableWatermark,
            ThemeMode = branding.ThemeMode switch
            {
                "Light" => ThemeMode.Light,
                "Dark" => ThemeMode.Dark,
                _ => ThemeMode.Auto,
            },
            ResourceOwnerType = ResourceOwnerType.Instance,
        },
    };

    public static GetLegalAndSupportSettingsResponse LegalAndSupport(LegalAndSupport links, SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new LegalAndSupportSettings
        {
            TosLink = links.TosLink, PrivacyPolicyLink = links.PrivacyPolicyLink, HelpLink = links.HelpLink,
            SupportEmail = links.SupportEmail, DocsLink = links.DocsLink, CustomLink = links.CustomLink,
            CustomLinkText = links.CustomLinkText, ResourceOwnerType = ResourceOwnerType.Instance,
        },
    };

    /// <summary>Login names are user names, unique in the instance, without an organization's domain.</summary>
    public static GetDomainSettingsResponse Domain(SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new DomainSettings { ResourceOwnerType = ResourceOwnerType.Instance },
    };

    /// <summary>No embedding in other sites' frames (the hosted pages send frame-ancestors 'none') and no impersonation.</summary>
    public static GetSecuritySettingsResponse Security(SettingsOwner owner) => new()
    {
        Details = Details(owner.InstanceId),
        Settings = new SecuritySettings { EmbeddedIframe = new EmbeddedIframeSettings() },
    };

    public static GetGeneralSettingsResponse General(string defaultOrgId)
    {
        var response = new GetGeneralSettingsResponse { DefaultOrgId = defaultOrgId, DefaultLanguage = Languages[0] };
        response.SupportedLanguages.Add(Languages);
        return response;
    }

    /// <summary>Gatehouse stores no text overrides for a login: the answer is empty and the login keeps its own texts.</summary>
    public static GetHostedLoginTranslationResponse NoTranslations() => new()
    {
        // The hash of the empty document, so that a login caching by etag sees a stable value.
        Etag = "0",
        Translations = new Struct(),
    };

    private static ObjectDetails Details(string resourceOwner) => new() { ResourceOwner = resourceOwner };
}
