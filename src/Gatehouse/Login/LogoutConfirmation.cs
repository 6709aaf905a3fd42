namespace Gatehouse.Login;

/// <summary>
/// RP-initiated logout asks the user first unless the request proves it comes from an application of this very
/// session: without that, any page could end the user's session with a link or an image (logout CSRF; RP-Initiated
/// Logout 1.0 §2 lets the OP ask for confirmation, and SECURITY.md says when it does).
/// </summary>
internal static class LogoutConfirmation
{
    public const string ConfirmField = "confirm";

    /// <summary>
    /// True when a signed-in session would end without the user having said so: the request carries no valid
    /// <c>id_token_hint</c> of this session (an attacker's own ID token is valid too, so its <c>sid</c> must match)
    /// and is not the confirmation form posted with its antiforgery token.
    /// </summary>
    public static bool IsNeeded(string? currentSessionId, string? hintSessionId, bool confirmedByForm) =>
        currentSessionId is not null && !confirmedByForm && !string.Equals(currentSessionId, hintSessionId, StringComparison.Ordinal);

    /// <summary>The question, as a form that posts the same end-session parameters back with the antiforgery token.</summary>
    public static IResult Page(HttpContext http, Html html, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var lang = LoginTexts.LanguageOf(http);
        var hidden = string.Concat(parameters
            .Where(p => p.Key is not (ConfirmField or "__csrf") && p.Value is not null)
            .Select(p => $"""<input type="hidden" name="{Html.E(p.Key)}" value="{Html.E(p.Value)}">"""));
        return Html.Page(http, lang, LoginTexts.Get("SignOutTitle", lang), $"""
            <p>{Html.Text("SignOutQuestion", lang)}</p>
            <form method="post" action="/oidc/v1/end_session">
              {html.Antiforgery(http)}
              {hidden}
              <input type="hidden" name="{ConfirmField}" value="yes">
              <button type="submit">{Html.Text("SignOut", lang)}</button>
            </form>
            <p><a href="{ReturnUrl.Home}">{Html.Text("StaySignedIn", lang)}</a></p>
            """);
    }
}
