namespace Gatehouse.Oidc;

/// <summary>
/// Asks the user to confirm a logout (<see cref="LogoutConfirmation"/>). The page belongs to the hosted login, which
/// sits above the OIDC endpoints and implements this (docs/architecture.md).
/// </summary>
internal interface ISignOutPrompt
{
    /// <summary>The question, as a form that posts the same end-session parameters back with the antiforgery token.</summary>
    IResult Ask(HttpContext http, IEnumerable<KeyValuePair<string, string?>> parameters);
}
