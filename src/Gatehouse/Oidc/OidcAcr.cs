namespace Gatehouse.Oidc;

/// <summary>
/// The authentication context classes Gatehouse understands (OIDC Core §2, <c>acr</c>; README, "Sign in to
/// applications"). <c>mfa</c> and the PAPE multi-factor URI both mean: password and a second factor, today the mailed
/// one-time code — which is not phishing-resistant, so the PAPE phishing-resistant policy is not offered. <c>0</c>
/// means one factor only. Asking for <c>mfa</c> makes the login ask for the second factor (<see cref="OidcScopes.MfaAcrValues"/>).
/// </summary>
internal static class OidcAcr
{
    public const string SingleFactor = "0";

    public static IReadOnlyList<string> Supported { get; } = [.. OidcScopes.MfaAcrValues, SingleFactor];

    /// <summary>
    /// The <c>acr</c> for a sign-in with these <c>amr</c> values: the first value asked for that it meets, or else the
    /// best it meets; null when the application did not ask (the claim is then left out).
    /// </summary>
    public static string? Of(string? acrValues, IReadOnlyCollection<string> amr)
    {
        if (string.IsNullOrWhiteSpace(acrValues))
        {
            return null;
        }

        var multiFactor = amr.Contains("mfa", StringComparer.Ordinal);
        foreach (var value in acrValues.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (value == SingleFactor || (multiFactor && OidcScopes.MfaAcrValues.Contains(value, StringComparer.Ordinal)))
            {
                return value;
            }
        }

        return multiFactor ? OidcScopes.MfaAcrValues[0] : SingleFactor;
    }
}
