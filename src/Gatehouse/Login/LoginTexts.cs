namespace Gatehouse.Login;

/// <summary>The hosted pages in English and German; the language comes from the switch (a cookie) or Accept-Language.</summary>
internal static class LoginTexts
{
    public const string LanguageCookie = "gatehouse.lang";

    private static readonly Dictionary<string, (string En, string De)> Texts = new(StringComparer.Ordinal)
    {
        ["SignIn"] = ("Sign in", "Anmelden"),
        ["LoginName"] = ("Login name", "Loginname"),
        ["LoginNameHint"] = ("Your user name or email address.", "Dein Benutzername oder deine E-Mail-Adresse."),
        ["Next"] = ("Next", "Weiter"),
        ["Password"] = ("Password", "Passwort"),
        ["NotYou"] = ("Not you? Use another account", "Nicht du? Anderes Konto verwenden"),
        ["CodeTitle"] = ("Enter the code from your email", "Gib den Code aus deiner E-Mail ein"),
        ["CodeSent"] = ("We sent a code to {0}.", "Wir haben einen Code an {0} geschickt."),
        ["CodeNotSent"] = ("Ask for a code to be sent to {0}.", "Lass dir einen Code an {0} schicken."),
        ["Code"] = ("Code", "Code"),
        ["Verify"] = ("Verify", "Bestätigen"),
        ["Resend"] = ("Send a new code", "Neuen Code senden"),
        ["SendCode"] = ("Send code", "Code senden"),
        ["CodeResent"] = ("We sent a new code. Only the newest code works.", "Wir haben einen neuen Code geschickt. Nur der neueste Code gilt."),
        ["ErrorUserNotFound"] = ("There is no user with this login name.", "Es gibt keinen Benutzer mit diesem Loginnamen."),
        ["ErrorLocked"] = ("This account is locked. Ask your administrator to unlock it.", "Dieses Konto ist gesperrt. Bitte deine Administration, es zu entsperren."),
        ["ErrorNotActive"] = ("This account is not active.", "Dieses Konto ist nicht aktiv."),
        ["ErrorPassword"] = ("The password is wrong.", "Das Passwort ist falsch."),
        ["ErrorNoPassword"] = ("This account has no password.", "Dieses Konto hat kein Passwort."),
        ["ErrorCodeWrong"] = ("That code is wrong. Check the email and try again.", "Der Code ist falsch. Prüfe die E-Mail und versuche es erneut."),
        ["ErrorCodeExpired"] = ("This code has expired. Ask for a new one.", "Der Code ist abgelaufen. Fordere einen neuen an."),
        ["ErrorCodeUsedUp"] = ("This code can no longer be used. Ask for a new one.", "Dieser Code kann nicht mehr verwendet werden. Fordere einen neuen an."),
        ["ErrorThrottled"] = ("Please wait {0} seconds before asking for another code.", "Bitte warte {0} Sekunden, bevor du einen weiteren Code anforderst."),
        ["ErrorSessionGone"] = ("Your sign-in has ended. Please start again.", "Deine Anmeldung ist abgelaufen. Bitte beginne von vorn."),
        ["ErrorForm"] = ("The form has expired. Please try again.", "Das Formular ist abgelaufen. Bitte versuche es erneut."),
        ["ErrorBadFormTitle"] = ("This request could not be read", "Diese Anfrage konnte nicht gelesen werden"),
        ["ErrorBadForm"] = ("The pages of the sign-in accept only their own forms. Go back and submit the form again.",
            "Die Anmeldeseiten nehmen nur ihre eigenen Formulare an. Gehe zurück und sende das Formular erneut."),
        ["MfaMissingTitle"] = ("A second factor is required", "Ein zweiter Faktor ist erforderlich"),
        ["MfaMissing"] = ("This application requires a second factor. Set up a one-time code by email on your security page, then continue.",
            "Diese Anwendung verlangt einen zweiten Faktor. Richte auf deiner Sicherheitsseite einen Einmalcode per E-Mail ein und fahre dann fort."),
        ["Continue"] = ("Continue", "Fortfahren"),
        ["SignedOutTitle"] = ("You are signed out", "Du bist abgemeldet"),
        ["SignedOut"] = ("You signed out of Gatehouse.", "Du hast dich von Gatehouse abgemeldet."),
        ["SignInAgain"] = ("Sign in again", "Erneut anmelden"),
        ["SecurityTitle"] = ("Security", "Sicherheit"),
        ["SignedInAs"] = ("Signed in as {0}", "Angemeldet als {0}"),
        ["SignOut"] = ("Sign out", "Abmelden"),
        ["SignOutTitle"] = ("Sign out?", "Abmelden?"),
        ["SignOutQuestion"] = ("An application asks to sign you out of Gatehouse. Do you want to sign out?",
            "Eine Anwendung möchte dich von Gatehouse abmelden. Möchtest du dich abmelden?"),
        ["StaySignedIn"] = ("Stay signed in", "Angemeldet bleiben"),
        ["TooManyTitle"] = ("Too many attempts", "Zu viele Versuche"),
        ["TooMany"] = ("Too many sign-in attempts from your network. Please wait {0} seconds and try again.",
            "Zu viele Anmeldeversuche aus deinem Netz. Bitte warte {0} Sekunden und versuche es erneut."),
        ["Factors"] = ("Ways to sign in", "Anmeldemethoden"),
        ["FactorPassword"] = ("Password", "Passwort"),
        ["FactorOtpEmail"] = ("One-time code by email", "Einmalcode per E-Mail"),
        ["On"] = ("On", "Aktiv"),
        ["Off"] = ("Off", "Aus"),
        ["Add"] = ("Turn on", "Einschalten"),
        ["Remove"] = ("Turn off", "Ausschalten"),
        ["Email"] = ("Email", "E-Mail"),
        ["Verified"] = ("verified", "bestätigt"),
        ["NotVerified"] = ("not verified", "nicht bestätigt"),
        ["VerifyFirst"] = ("A one-time code by email needs a verified address. Verify it here:", "Ein Einmalcode per E-Mail braucht eine bestätigte Adresse. Bestätige sie hier:"),
        ["VerificationCode"] = ("Verification code from the email", "Bestätigungscode aus der E-Mail"),
        ["SendVerification"] = ("Send a verification code", "Bestätigungscode senden"),
        ["ChangeEmail"] = ("Change email address", "E-Mail-Adresse ändern"),
        ["NewEmail"] = ("New email address", "Neue E-Mail-Adresse"),
        ["Save"] = ("Save", "Speichern"),
        ["RecentSignIns"] = ("Recent sign-ins", "Letzte Anmeldungen"),
        ["When"] = ("When", "Wann"),
        ["Methods"] = ("Methods", "Methoden"),
        ["Device"] = ("Device", "Gerät"),
        ["Status"] = ("Status", "Status"),
        ["Active"] = ("active", "aktiv"),
        ["Ended"] = ("ended", "beendet"),
        ["ThisBrowser"] = ("this browser", "dieser Browser"),
        ["NoticeOtpAdded"] = ("One-time codes by email are now on.", "Einmalcodes per E-Mail sind jetzt aktiv."),
        ["NoticeOtpRemoved"] = ("One-time codes by email are now off.", "Einmalcodes per E-Mail sind jetzt aus."),
        ["NoticeEmailVerified"] = ("Your email address is verified.", "Deine E-Mail-Adresse ist bestätigt."),
        ["NoticeCodeSent"] = ("We sent a verification code to your email address.", "Wir haben einen Bestätigungscode an deine E-Mail-Adresse geschickt."),
        ["Language"] = ("Deutsch", "English"),
    };

    public static string Get(string key, string language) =>
        Texts.TryGetValue(key, out var text) ? (language == "de" ? text.De : text.En) : key;

    public static string LanguageOf(HttpContext http)
    {
        if (http.Request.Query["lang"].ToString() is "de" or "en")
        {
            return http.Request.Query["lang"].ToString();
        }

        return http.Request.Cookies[LanguageCookie] is "de" or "en"
            ? http.Request.Cookies[LanguageCookie]!
            : Api.ErrorTexts.LanguageOf(http.Request.Headers.AcceptLanguage.ToString());
    }
}
