using Gatehouse.OtpEmail;
using Gatehouse.Instance;
using Gatehouse.Settings;
using Gatehouse.Users;
using Zitadel.Settings.V2;

namespace Gatehouse.Tests.Settings;

/// <summary>What a login reads must be what Gatehouse enforces (issue 15: "a setting the login reads must match").</summary>
public sealed class SettingsAnswersTests
{
    private static readonly SettingsOwner Org = new("instance-1", "org-1");

    [Fact]
    public void Login_settings_offer_otp_email_as_second_factor_and_nothing_gatehouse_cannot_do()
    {
        var answer = SettingsAnswers.Login(new LoginPolicy { ForceMfa = true }, Org, otpEmailAllowed: true);

        Assert.Equal([SecondFactorType.OtpEmail], answer.Settings.SecondFactors);
        Assert.Empty(answer.Settings.MultiFactors);
        Assert.True(answer.Settings.ForceMfa);
        Assert.True(answer.Settings.AllowUsernamePassword);
        Assert.False(answer.Settings.AllowRegister);
        Assert.False(answer.Settings.AllowExternalIdp);
        Assert.True(answer.Settings.HidePasswordReset);
        Assert.True(answer.Settings.DisableLoginWithEmail);
        Assert.True(answer.Settings.DisableLoginWithPhone);
        Assert.Equal(PasskeysType.NotAllowed, answer.Settings.PasskeysType);
        Assert.Equal(64800, answer.Settings.SecondFactorCheckLifetime.Seconds);
        Assert.Equal(ResourceOwnerType.Instance, answer.Settings.ResourceOwnerType);
        Assert.Equal("instance-1", answer.Details.ResourceOwner);
    }

    [Fact]
    public void In_an_organization_where_otp_email_is_turned_off_no_second_factor_is_offered_and_the_settings_are_the_orgs()
    {
        var answer = SettingsAnswers.Login(new LoginPolicy(), Org, otpEmailAllowed: false);

        Assert.Empty(answer.Settings.SecondFactors);
        Assert.Equal(ResourceOwnerType.Org, answer.Settings.ResourceOwnerType);
        Assert.Equal("org-1", answer.Details.ResourceOwner);
    }

    [Fact]
    public void Lockout_settings_are_the_attempts_gatehouse_locks_after()
    {
        var answer = SettingsAnswers.Lockout(new LockoutPolicy(MaxPasswordAttempts: 3), OtpEmailPolicy.Default with { MaxOtpAttempts = 7 }, Org);

        Assert.Equal(3UL, answer.Settings.MaxPasswordAttempts);
        Assert.Equal(7UL, answer.Settings.MaxOtpAttempts);
    }

    [Fact]
    public void Password_complexity_is_the_rule_every_new_password_is_checked_against()
    {
        var settings = SettingsAnswers.PasswordComplexity(Org).Settings;

        Assert.Equal((ulong)PasswordPolicy.MinLength, settings.MinLength);
        Assert.True(settings.RequiresLowercase && settings.RequiresUppercase && settings.RequiresNumber && settings.RequiresSymbol);
        Assert.Null(PasswordPolicy.Validate("Aa1!aaaa"));
        Assert.NotNull(PasswordPolicy.Validate("Aa1aaaaa"));
    }

    [Fact]
    public void Branding_maps_the_light_and_dark_themes_and_the_theme_mode()
    {
        var settings = SettingsAnswers.Branding(new Branding { PrimaryColor = "#111111", PrimaryColorDark = "#222222", ThemeMode = "Dark" }, Org).Settings;

        Assert.Equal("#111111", settings.LightTheme.PrimaryColor);
        Assert.Equal("#222222", settings.DarkTheme.PrimaryColor);
        Assert.Equal(ThemeMode.Dark, settings.ThemeMode);
    }

    [Fact]
    public void General_settings_name_the_default_organization_and_the_languages_of_gatehouses_texts()
    {
        var answer = SettingsAnswers.General("org-1");

        Assert.Equal("org-1", answer.DefaultOrgId);
        Assert.Equal("en", answer.DefaultLanguage);
        Assert.Equal(["en", "de"], answer.SupportedLanguages);
    }
}
