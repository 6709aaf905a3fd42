namespace Gatehouse.Api.Tests.Oidc;

/// <summary>
/// A server whose authorization endpoint hands requests to an external login (ZITADEL's Login V2) at
/// <see cref="LoginBase"/>, on each store; the shared servers keep the hosted login.
/// </summary>
public static class ExternalLoginServers
{
    public const string LoginBase = "https://login.acme.test/ui/v2/login";

    public static Dictionary<string, string> Environment() => new() { ["Oidc__ExternalLogin__BaseUrl"] = LoginBase };
}
