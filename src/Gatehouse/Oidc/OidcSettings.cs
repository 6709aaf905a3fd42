
namespace Gatehouse.Oidc;

/// <summary>
/// Section <c>Oidc</c> (environment <c>Oidc__Issuer</c>, <c>Oidc__Clients__0__ClientId</c>, …). Applications listed
/// here exist as long as the setting does; applications added through the admin API live in the database.
/// </summary>
internal sealed class OidcSettings
{
    /// <summary>The issuer URL clients see (<c>iss</c>); default <c>http(s)://localhost:&lt;port&gt;</c>.</summary>
    public string? Issuer { get; set; }

    public List<OidcClientSettings> Clients { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A new signing key is made on the first start after the newest one is this old.</summary>
    public TimeSpan SigningKeyRotation { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The browser session's lifetime at the hosted login.</summary>
    public TimeSpan LoginSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A refresh token not used for this long is dead (ZITADEL's default: 30 days).</summary>
    public TimeSpan RefreshTokenIdleLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>No refresh token of a sign-in outlives this, however often it is rotated (ZITADEL's default: 90 days).</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long after a code expires a replay of it is still recognised and revokes what the code bought: as long as
    /// the access token it bought lives (RFC 6749 §4.1.2). Later, the code is unreadable and refused as invalid.
    /// </summary>
    public TimeSpan CodeReplayWindow => AccessTokenLifetime;

    /// <summary>How often expired revocations, redeemed codes, used assertions, auth requests and refresh tokens are deleted.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The settings of this section, for the check that refuses misspelt ones.</summary>
    public static readonly string[] Keys =
    [
        nameof(Issuer), nameof(Clients), nameof(AccessTokenLifetime), nameof(IdentityTokenLifetime), nameof(AuthorizationCodeLifetime),
        nameof(SigningKeyRotation), nameof(LoginSessionLifetime), nameof(RefreshTokenIdleLifetime), nameof(RefreshTokenAbsoluteLifetime),
        nameof(SweepInterval),
    ];

    public OidcSettings Validated()
    {
        var problems = new List<string>();
        if (Issuer is not null && (!Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("http" or "https")))
        {
            problems.Add($"Oidc:Issuer must be an absolute http or https URL (got \"{Issuer}\")");
        }

        if (AccessTokenLifetime <= TimeSpan.Zero || IdentityTokenLifetime <= TimeSpan.Zero || AuthorizationCodeLifetime <= TimeSpan.Zero
            || LoginSessionLifetime <= TimeSpan.Zero)
        {
            problems.Add("Oidc:AccessTokenLifetime, IdentityTokenLifetime, AuthorizationCodeLifetime and LoginSessionLifetime must be positive");
        }

        if (RefreshTokenIdleLifetime <= TimeSpan.Zero || RefreshTokenAbsoluteLifetime < RefreshTokenIdleLifetime)
        {
            problems.Add($"Oidc:RefreshTokenIdleLifetime must be positive and at most Oidc:RefreshTokenAbsoluteLifetime (got {RefreshTokenIdleLifetime} and {RefreshTokenAbsoluteLifetime})");
        }

        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Oidc:SweepInterval must be between one second and one day (got {SweepInterval})");
        }

        if (SigningKeyRotation < TimeSpan.FromDays(1))
        {
            problems.Add($"Oidc:SigningKeyRotation must be at least one day (got {SigningKeyRotation})");
        }

        for (var i = 0; i < Clients.Count; i++)
        {
            if (OidcClient.Problem(Clients[i].ClientId, Clients[i].RedirectUris, Clients[i].PostLogoutRedirectUris) is { } problem)
            {
                problems.Add($"Oidc:Clients:{i}: {problem}");
            }
        }

        return problems.Count == 0 ? this : throw new InvalidOperationException(string.Join("; ", problems));
    }
}

/// <summary>One application registered through configuration; without a secret it is a public client (PKCE only).</summary>
internal sealed class OidcClientSettings
{
    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    public string? DisplayName { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>The login policy of this application: every sign-in needs a second factor.</summary>
    public bool RequireMfa { get; set; }

    /// <summary>Whether the application gets refresh tokens when it asks for <c>offline_access</c>.</summary>
    public bool AllowRefreshTokens { get; set; }
}
