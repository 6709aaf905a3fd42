using Gatehouse.Kernel;

namespace Gatehouse.Oidc;

/// <summary>The English and German texts of the i18n keys raised for OIDC applications and auth requests, as ZITADEL bundles them.</summary>
internal static class OidcErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.Project.App.AlreadyExists"] = new("Application already exists", "Applikation existiert bereits"),
        ["Errors.Project.App.NotFound"] = new("Application not found", "Applikation nicht gefunden"),
        ["Errors.Project.App.Invalid"] = new("Application invalid", "Applikation ist ungültig"),
        ["Errors.AuthRequest.NotExisting"] = new("AuthRequest does not exist", "AuthRequest existiert nicht"),
        ["Errors.AuthRequest.AlreadyHandled"] = new("AuthRequest is already handled", "AuthRequest wurde bereits verarbeitet"),
        ["Errors.AuthRequest.SecondFactorMissing"] = new(
            "The application requires a second factor the session has not checked",
            "Die Applikation verlangt einen zweiten Faktor, den die Session nicht geprüft hat"),
        ["Errors.AuthRequest.WrongOrganization"] = new(
            "The user does not belong to the organization the application asked for",
            "Der Benutzer gehört nicht zur Organisation, die die Applikation verlangt"),
        ["Errors.AuthRequest.MaxAgeExceeded"] = new(
            "The sign-in is older than the application's max_age",
            "Die Anmeldung ist älter als das max_age der Applikation"),
        ["Errors.AuthRequest.PasswordNotChecked"] = new("The session has not checked a password", "Die Session hat kein Passwort geprüft"),
    };
}
