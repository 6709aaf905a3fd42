using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>The English and German texts of the i18n keys raised for users, their emails, passwords and factors, as ZITADEL bundles them.</summary>
internal static class UserErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.User.UserIDMissing"] = new("User ID missing", "User ID fehlt"),
        ["Errors.User.Email.IDMissing"] = new("Email ID is missing", "Email ID fehlt"),
        ["Errors.User.Email.Empty"] = new("Email is empty", "Email ist leer"),
        ["Errors.User.Email.Invalid"] = new("Email is invalid", "Email ist ungültig"),
        ["Errors.User.Email.NotFound"] = new("Email not found", "Email nicht gefunden"),
        ["Errors.User.NotInitialised"] = new("User is not yet initialized", "Benutzer ist noch nicht initialisiert"),
        ["Errors.User.Email.NotChanged"] = new("Email not changed", "Email wurde nicht geändert"),
        ["Errors.User.Code.Empty"] = new("Code is empty", "Code ist leer"),
        ["Errors.User.Code.NotFound"] = new("Code not found", "Code konnte nicht gefunden werden"),
        ["Errors.User.Code.Invalid"] = new("Code is invalid", "Code ist nicht gültig"),
        ["Errors.User.Email.AlreadyVerified"] = new("Email is already verified", "Email ist bereits verifiziert"),
        ["Errors.User.NotFound"] = new("User could not be found", "Benutzer konnte nicht gefunden werden"),
        ["Errors.User.NotHuman"] = new("The User must be personal", "Der Benutzer muss eine Person sein"),
        ["Errors.User.InvalidURLTemplate"] = new("URL Template is invalid", "URL Template ist ungültig"),
        ["Errors.User.Profile.FirstNameEmpty"] = new("Given name in profile is empty", "Vorname im Profil ist leer"),
        ["Errors.User.Profile.LastNameEmpty"] = new("Family name in profile is empty", "Nachname im Profil ist leer"),
        ["Errors.User.AlreadyExists"] = new("User already exists", "Benutzer existiert bereits"),
        ["Errors.User.PasswordComplexityPolicy.MinLength"] = new("Password is too short", "Passwort ist zu kurz"),
        ["Errors.User.PasswordComplexityPolicy.HasLower"] = new("Password must contain lower case", "Passwort beinhaltet keinen Kleinbuchstaben"),
        ["Errors.User.PasswordComplexityPolicy.HasUpper"] = new("Password must contain upper case", "Passwort beinhaltet keinen Grossbuchstaben"),
        ["Errors.User.PasswordComplexityPolicy.HasNumber"] = new("Password must contain number", "Passwort beinhaltet keine Nummer"),
        ["Errors.User.PasswordComplexityPolicy.HasSymbol"] = new("Password must contain symbol", "Passwort beinhaltet kein Symbol"),
        ["Errors.User.NotLocked"] = new("User is not locked", "Benutzer ist nicht gesperrt"),
        ["Errors.User.ShouldBeActiveOrInitial"] = new("User is not active", "Benutzer ist nicht aktiv"),
        ["Errors.User.WrongType"] = new("Not allowed for this user type", "Für diesen Benutzertyp nicht erlaubt"),
        ["Errors.User.Invalid"] = new("Userdata is invalid", "Benutzerdaten sind ungültig"),
        ["Errors.User.Password.NotSet"] = new("User has not set a password", "Benutzer hat kein Passwort gesetzt"),
        ["Errors.User.Password.Invalid"] = new("Password is invalid", "Passwort ungültig"),
        ["Errors.User.NotExisting"] = new("User does not exist", "Benutzer existiert nicht"),
        ["Errors.User.Machine.Secret.NotExisting"] = new("Secret doesn't exist", "Secret existiert nicht"),
        ["Errors.User.Machine.Key.Invalid"] = new(
            "Public key is not a valid RSA public key in PKIX format with PEM encoding",
            "Der öffentliche Schlüssel ist kein gültiger RSA-Schlüssel im PKIX-Format mit PEM-Kodierung"),
        ["Errors.User.Machine.Key.NotFound"] = new("Machine key not found", "Maschinenschlüssel nicht gefunden"),
        ["Errors.User.Locked"] = new("User is locked", "Benutzer ist gesperrt"),
        ["Errors.User.Password.NotSupported"] = new(
            "Password hash encoding not supported. Check out https://zitadel.com/docs/concepts/architecture/secrets#hashed-secrets",
            "Passwort-Hash-Kodierung wird nicht unterstützt. Siehe https://zitadel.com/docs/concepts/architecture/secrets#hashed-secrets"),
    };
}
