namespace Gatehouse.Api;

/// <summary>
/// The English and German texts of the i18n keys Gatehouse raises, as ZITADEL bundles them (docs/zitadel-wire.md §8). Keys that
/// ZITADEL leaves untranslated are absent on purpose: the key itself is then the message, as clients expect.
/// </summary>
internal static class ErrorTexts
{
    private static readonly Dictionary<string, (string En, string De)> Texts = new(StringComparer.Ordinal)
    {
        ["Errors.User.UserIDMissing"] = ("User ID missing", "User ID fehlt"),
        ["Errors.User.MFA.OTP.AlreadyReady"] = ("Multifactor OTP (OneTimePassword) is already set up", "Multifaktor OTP (OneTimePassword) ist bereits eingerichtet"),
        ["Errors.User.MFA.OTP.NotReady"] = ("Multifactor OTP (OneTimePassword) isn't ready", "Multifaktor OTP (OneTimePassword) ist nicht bereit"),
        ["Errors.User.MFA.OTP.NotExisting"] = ("Multifactor OTP (OneTimePassword) doesn't exist", "Multifaktor OTP (OneTimePassword) existiert nicht"),
        ["Errors.User.Email.IDMissing"] = ("Email ID is missing", "Email ID fehlt"),
        ["Errors.User.Email.Empty"] = ("Email is empty", "Email ist leer"),
        ["Errors.User.Email.Invalid"] = ("Email is invalid", "Email ist ungültig"),
        ["Errors.User.Email.NotFound"] = ("Email not found", "Email nicht gefunden"),
        ["Errors.User.NotInitialised"] = ("User is not yet initialized", "Benutzer ist noch nicht initialisiert"),
        ["Errors.User.Email.NotChanged"] = ("Email not changed", "Email wurde nicht geändert"),
        ["Errors.User.Code.Empty"] = ("Code is empty", "Code ist leer"),
        ["Errors.User.Code.NotFound"] = ("Code not found", "Code konnte nicht gefunden werden"),
        ["Errors.User.Code.Invalid"] = ("Code is invalid", "Code ist nicht gültig"),
        ["Errors.User.Code.Expired"] = ("Code is expired", "Code ist abgelaufen"),
        ["Errors.User.Email.AlreadyVerified"] = ("Email is already verified", "Email ist bereits verifiziert"),
        ["Errors.User.NotFound"] = ("User could not be found", "Benutzer konnte nicht gefunden werden"),
        ["Errors.User.NotHuman"] = ("The User must be personal", "Der Benutzer muss eine Person sein"),
        ["Errors.User.InvalidURLTemplate"] = ("URL Template is invalid", "URL Template ist ungültig"),
        ["Errors.User.Profile.FirstNameEmpty"] = ("Given name in profile is empty", "Vorname im Profil ist leer"),
        ["Errors.User.Profile.LastNameEmpty"] = ("Family name in profile is empty", "Nachname im Profil ist leer"),
        ["Errors.User.AlreadyExists"] = ("User already exists", "Benutzer existiert bereits"),
        ["Errors.User.PasswordComplexityPolicy.MinLength"] = ("Password is too short", "Passwort ist zu kurz"),
        ["Errors.User.PasswordComplexityPolicy.HasLower"] = ("Password must contain lower case", "Passwort beinhaltet keinen Kleinbuchstaben"),
        ["Errors.User.PasswordComplexityPolicy.HasUpper"] = ("Password must contain upper case", "Passwort beinhaltet keinen Grossbuchstaben"),
        ["Errors.User.PasswordComplexityPolicy.HasNumber"] = ("Password must contain number", "Passwort beinhaltet keine Nummer"),
        ["Errors.User.PasswordComplexityPolicy.HasSymbol"] = ("Password must contain symbol", "Passwort beinhaltet kein Symbol"),
        ["Errors.User.NotLocked"] = ("User is not locked", "Benutzer ist nicht gesperrt"),
        ["Errors.User.WrongType"] = ("Not allowed for this user type", "Für diesen Benutzertyp nicht erlaubt"),
        ["Errors.User.Invalid"] = ("Userdata is invalid", "Benutzerdaten sind ungültig"),
        ["Errors.User.Password.NotSet"] = ("User has not set a password", "Benutzer hat kein Passwort gesetzt"),
        ["Errors.User.Password.Invalid"] = ("Password is invalid", "Passwort ungültig"),
        ["Errors.Session.Terminated"] = ("Session already terminated", "Session bereits beendet"),
        ["Errors.Session.Expired"] = ("Session has expired", "Session ist abgelaufen"),
        ["Errors.Session.PositiveLifetime"] = ("Session lifetime must not be less than 0", "Session Lebensdauer darf nicht kleiner als 0 sein"),
        ["Errors.Session.Token.Invalid"] = ("Session Token is invalid", "Session Token ist ungültig"),
        ["Errors.Session.NotExisting"] = ("Session does not exist", "Session existiert nicht"),
        ["Errors.Org.NotFound"] = ("Organisation doesn't exist", "Organisation existiert nicht"),
        ["Errors.Org.LoginPolicy.MFA.NotAllowed"] = ("Multifactor is not allowed", "Multifaktor ist nicht erlaubt"),
        ["Errors.TooManyRequests"] = ("Too many requests", "Zu viele Anfragen"),
        ["Errors.User.Locked"] = ("User is locked", "Benutzer ist gesperrt"),
        ["Errors.User.Password.NotSupported"] = (
            "Password hash encoding not supported. Check out https://zitadel.com/docs/concepts/architecture/secrets#hashed-secrets",
            "Passwort-Hash-Kodierung wird nicht unterstützt. Siehe https://zitadel.com/docs/concepts/architecture/secrets#hashed-secrets"),
        ["Errors.Project.App.AlreadyExists"] = ("Application already exists", "Applikation existiert bereits"),
        ["Errors.Project.App.NotFound"] = ("Application not found", "Applikation nicht gefunden"),
        ["Errors.Project.App.Invalid"] = ("Application invalid", "Applikation ist ungültig"),
    };

    /// <summary>
    /// Keys Gatehouse raises that ZITADEL's bundles have no text for, so ZITADEL answers with the key itself; every other
    /// key needs a text above (a test reads the sources for the keys raised).
    /// </summary>
    public static readonly IReadOnlySet<string> UntranslatedByZitadel = new HashSet<string>(StringComparer.Ordinal)
    {
        "Errors.AuthNKey.ExpireBeforeNow", "Errors.Invalid.Argument", "Errors.NotFound", "Errors.PermissionDenied",
        "Errors.User.AlreadyExisting", "Errors.User.NotActive",
    };

    public static bool HasText(string key) => Texts.ContainsKey(key);

    /// <summary>The text for a key in the language, falling back to English, then to the key itself.</summary>
    public static string Translate(string key, string language)
    {
        if (!Texts.TryGetValue(key, out var texts))
        {
            return key;
        }

        return language == "de" ? texts.De : texts.En;
    }

    /// <summary>The first supported language of an Accept-Language header; English otherwise (the instance default).</summary>
    public static string LanguageOf(string? acceptLanguage)
    {
        if (string.IsNullOrEmpty(acceptLanguage))
        {
            return "en";
        }

        foreach (var part in acceptLanguage.Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("de", StringComparison.OrdinalIgnoreCase))
            {
                return "de";
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return "en";
            }
        }

        return "en";
    }
}
