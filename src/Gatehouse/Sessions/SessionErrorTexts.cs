using Gatehouse.Kernel;

namespace Gatehouse.Sessions;

/// <summary>The English and German texts of the i18n keys raised for sessions, as ZITADEL bundles them.</summary>
internal static class SessionErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.Session.Terminated"] = new("Session already terminated", "Session bereits beendet"),
        ["Errors.Session.Expired"] = new("Session has expired", "Session ist abgelaufen"),
        ["Errors.Session.PositiveLifetime"] = new("Session lifetime must not be less than 0", "Session Lebensdauer darf nicht kleiner als 0 sein"),
        ["Errors.Session.Token.Invalid"] = new("Session Token is invalid", "Session Token ist ungültig"),
        ["Errors.Session.NotExisting"] = new("Session does not exist", "Session existiert nicht"),
    };
}
