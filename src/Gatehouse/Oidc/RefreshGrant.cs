namespace Gatehouse.Oidc;

/// <summary>Whose refresh token family this is: the grant, the application, the user and the login session.</summary>
internal sealed record RefreshGrant(string GrantId, string ClientId, string UserId, string SessionId);
