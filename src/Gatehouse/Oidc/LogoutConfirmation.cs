namespace Gatehouse.Oidc;

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
}
