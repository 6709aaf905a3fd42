namespace Gatehouse.Login.Pages;

/// <summary>One row of the security page's recent sign-ins (public for the same reason as <see cref="SecurityView"/>).</summary>
public sealed record RecentSignIn(DateTimeOffset CreatedAt, IReadOnlyList<string> Methods, bool ThisBrowser, string Device, bool Terminated);
