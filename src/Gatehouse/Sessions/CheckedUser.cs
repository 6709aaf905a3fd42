namespace Gatehouse.Sessions;

/// <summary>The user named by <c>checks.user</c>, resolved from the read model before the decision.</summary>
internal sealed record CheckedUser(string UserId, string OrgId, string LoginName, string DisplayName, string? PreferredLanguage);
