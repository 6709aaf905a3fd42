using Gatehouse.Kernel;

namespace Gatehouse.Oidc;

/// <summary>The English and German texts of the i18n keys raised for OIDC applications, as ZITADEL bundles them.</summary>
internal static class OidcErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.Project.App.AlreadyExists"] = new("Application already exists", "Applikation existiert bereits"),
        ["Errors.Project.App.NotFound"] = new("Application not found", "Applikation nicht gefunden"),
        ["Errors.Project.App.Invalid"] = new("Application invalid", "Applikation ist ungültig"),
    };
}
