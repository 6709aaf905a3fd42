namespace Gatehouse.Kernel;

internal enum TokenKind
{
    PersonalAccessToken,
    Session,

    /// <summary>An access token from the OpenID Connect provider (a signed JWT tied to a login session).</summary>
    Oidc,

    /// <summary>
    /// An access token the OpenID Connect provider issued to a machine user (client credentials, JWT profile): no login
    /// session stands behind it, so it counts while its user is active, like a personal access token.
    /// </summary>
    OidcMachine,
}

/// <summary>
/// The authenticated caller of one request: who, in which organization, through which kind of token, with which
/// memberships (scope "instance" or an org id → roles). <see cref="PassedEveryFactor"/> is false for a session that
/// has not checked every factor its user enrolled (Auth decides, see docs/architecture.md).
/// </summary>
internal sealed record Caller(string UserId, string OrgId, TokenKind TokenKind, string? SessionId, IReadOnlyDictionary<string, string[]> Memberships)
{
    public bool PassedEveryFactor { get; init; } = true;

    public const string InstanceScope = "instance";

    public bool HasMemberships => Memberships.Count > 0;

    public bool Can(string permission, string orgId) =>
        Grants(InstanceScope, permission) || Grants(orgId, permission);

    private bool Grants(string scope, string permission) =>
        Memberships.TryGetValue(scope, out var roles) && roles.Any(role => Roles.Grant(role, permission));
}
