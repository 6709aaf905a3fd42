namespace Gatehouse.Observability;

/// <summary>
/// OpenIddict writes whole authorization codes, access and ID tokens into its Debug and Trace messages ("The token '…'
/// was successfully validated", "A new JSON Web Token was successfully created: {Payload}"), and the PKCE
/// <c>code_verifier</c>, unredacted, into an Information message ("The token request was successfully extracted").
/// The README promises that no secret is logged at any level, so its categories are held at Warning whatever the
/// configuration says — per category, per provider (<c>Logging:Console:LogLevel</c>) or by default. Gatehouse's own
/// request logs and traces still show every OIDC request.
/// </summary>
internal static class SecretLogCategories
{
    public const string OpenIddict = "OpenIddict";

    public const LogLevel Floor = LogLevel.Warning;

    public static ILoggingBuilder HoldSecretCategoriesAtWarning(this ILoggingBuilder logging)
    {
        // PostConfigure: after the rules from configuration, which it rewrites.
        logging.Services.PostConfigure<LoggerFilterOptions>(options => Hold(options.Rules));
        return logging;
    }

    /// <summary>
    /// Raises every rule about OpenIddict to at least <see cref="Floor"/>, and adds one per provider named in the rules
    /// (and one for all providers), so no broader rule — which the logger would otherwise pick for these categories —
    /// lets their Debug and Trace messages through.
    /// </summary>
    public static void Hold(IList<LoggerFilterRule> rules)
    {
        var providers = rules.Select(rule => rule.ProviderName).Append(null).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.CategoryName?.StartsWith(OpenIddict, StringComparison.OrdinalIgnoreCase) == true && !(rule.LogLevel >= Floor))
            {
                rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, Floor, rule.Filter);
            }
        }

        foreach (var provider in providers)
        {
            if (!rules.Any(rule => rule.ProviderName == provider && string.Equals(rule.CategoryName, OpenIddict, StringComparison.OrdinalIgnoreCase)))
            {
                rules.Add(new LoggerFilterRule(provider, OpenIddict, Floor, filter: null));
            }
        }
    }
}
