namespace Gatehouse.Login.Pages;

/// <summary>
/// What the security page shows of the signed-in user. Public, with plain members only, because Razor components
/// are always public classes and a parameter may not be of a less accessible type than its component.
/// </summary>
public sealed record SecurityView(
    string UserName,
    string DisplayName,
    string? Email,
    bool EmailVerified,
    bool HasVerifiedEmail,
    bool OtpEmail,
    IReadOnlyList<RecentSignIn> SignIns);
