using Gatehouse.Oidc;

namespace Gatehouse.Login;

/// <summary>The hosted login's answer to <see cref="ISignOutPrompt"/>: the "Sign out?" page.</summary>
internal sealed class SignOutPrompt : ISignOutPrompt
{
    /// <summary>The question, as a form that posts the same end-session parameters back with the antiforgery token.</summary>
    public IResult Ask(HttpContext http, IEnumerable<KeyValuePair<string, string?>> parameters) =>
        LoginPage.Show<Pages.SignOutPage>(http, new Dictionary<string, object?>
        {
            [nameof(Pages.SignOutPage.Parameters)] = parameters
                .Where(p => p.Key is not (LogoutConfirmation.ConfirmField or "__csrf") && p.Value is not null)
                .Select(p => KeyValuePair.Create(p.Key, p.Value!))
                .ToList(),
        });
}
