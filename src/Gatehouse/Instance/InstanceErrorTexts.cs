using Gatehouse.Kernel;

namespace Gatehouse.Instance;

/// <summary>The English and German texts of the i18n keys raised for organizations and their policies, as ZITADEL bundles them.</summary>
internal static class InstanceErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.Query.LimitExceeded"] = new("The page size asked for is over the limit of 1000", "Die verlangte Seitengröße ist über der Grenze von 1000"),
        ["Errors.Org.NotFound"] = new("Organisation doesn't exist", "Organisation existiert nicht"),
        ["Errors.Org.LoginPolicy.MFA.NotAllowed"] = new("Multifactor is not allowed", "Multifaktor ist nicht erlaubt"),
    };
}
