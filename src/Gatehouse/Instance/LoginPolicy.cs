namespace Gatehouse.Instance;

/// <summary>
/// ZITADEL's login policy as Gatehouse answers it, section <c>Gatehouse:LoginPolicy</c>. The check lifetimes are what
/// a login (ZITADEL's Login V2) sets as the lifetime of the sessions it creates, which Gatehouse enforces; the defaults
/// are ZITADEL's. What Gatehouse cannot do (registration, passkeys, identity providers, password reset, sign-in by
/// phone or email address) is fixed to "off" so that a login never offers it (docs/zitadel-wire.md §9.2).
/// It lives with the instance, below the features, because three folders act on it: Settings answers it (and reads
/// the section), and the OIDC endpoints, CreateCallback and the hosted login enforce <see cref="ForceMfa"/>.
/// </summary>
internal sealed class LoginPolicy
{
    /// <summary>
    /// No sign-in counts without a second factor: a user without one is asked to set one up (the hosted login offers
    /// OTP Email), and no application gets a code for a password-only session, from either login.
    /// </summary>
    public bool ForceMfa { get; set; }

    /// <summary>Where a login sends a user who signed in without an application (for example from a mail link).</summary>
    public string DefaultRedirectUri { get; set; } = "";

    public TimeSpan PasswordCheckLifetime { get; set; } = TimeSpan.FromHours(240);

    public TimeSpan ExternalLoginCheckLifetime { get; set; } = TimeSpan.FromHours(240);

    /// <summary>How long a user who skipped setting up a second factor is not asked again; 0 asks every time.</summary>
    public TimeSpan MfaInitSkipLifetime { get; set; } = TimeSpan.FromHours(720);

    public TimeSpan SecondFactorCheckLifetime { get; set; } = TimeSpan.FromHours(18);

    public TimeSpan MultiFactorCheckLifetime { get; set; } = TimeSpan.FromHours(12);

    public static readonly string[] Keys =
    [
        nameof(ForceMfa), nameof(DefaultRedirectUri), nameof(PasswordCheckLifetime), nameof(ExternalLoginCheckLifetime),
        nameof(MfaInitSkipLifetime), nameof(SecondFactorCheckLifetime), nameof(MultiFactorCheckLifetime),
    ];

    /// <summary>What is wrong with these settings, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(PasswordCheckLifetime), PasswordCheckLifetime), (nameof(ExternalLoginCheckLifetime), ExternalLoginCheckLifetime),
            (nameof(SecondFactorCheckLifetime), SecondFactorCheckLifetime), (nameof(MultiFactorCheckLifetime), MultiFactorCheckLifetime),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"Gatehouse:LoginPolicy:{name} must be more than 0 (got {value})";
            }
        }

        if (MfaInitSkipLifetime < TimeSpan.Zero)
        {
            yield return $"Gatehouse:LoginPolicy:MfaInitSkipLifetime must be 0 or more (got {MfaInitSkipLifetime})";
        }

        if (!SettingValues.IsEmptyOrAbsoluteUrl(DefaultRedirectUri))
        {
            yield return $"Gatehouse:LoginPolicy:DefaultRedirectUri must be an absolute http or https URL (got '{DefaultRedirectUri}')";
        }
    }
}
