using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Oidc;

/// <summary>The browser's session at the hosted login: its id, state and user, read fresh on every request.</summary>
internal sealed record BrowserSession(string SessionId, SessionState Session, UserRow User);
