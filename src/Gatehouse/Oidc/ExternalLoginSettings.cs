namespace Gatehouse.Oidc;

/// <summary>
/// Section <c>Oidc:ExternalLogin</c>: where an external login — ZITADEL's Login V2 — runs. With <see cref="BaseUrl"/>
/// set, <c>/oauth/v2/authorize</c> stores each valid request and sends the browser to
/// <c>&lt;BaseUrl&gt;/login?authRequest=V2_…</c> instead of the hosted login (docs/zitadel-wire.md §11).
/// </summary>
internal sealed class ExternalLoginSettings
{
    public const string Section = "Oidc:ExternalLogin";

    /// <summary>The login's base address, e.g. <c>https://login.example.com/ui/v2/login</c>; unset: the hosted login.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How long the login has to finish a stored request (ZITADEL's auth requests live as long by default).</summary>
    public TimeSpan AuthRequestLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public static readonly string[] Keys = [nameof(BaseUrl), nameof(AuthRequestLifetime)];

    public bool IsConfigured => !string.IsNullOrEmpty(BaseUrl);

    /// <summary>Where the browser goes for a stored request: the login's <c>/login</c> route with the request's id.</summary>
    public string LoginUrlFor(string authRequestId) =>
        $"{BaseUrl!.TrimEnd('/')}/login?authRequest={Uri.EscapeDataString(authRequestId)}";

    public ExternalLoginSettings Validated()
    {
        var problems = new List<string>();
        if (BaseUrl is { Length: > 0 } && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0))
        {
            problems.Add($"{Section}:BaseUrl must be an absolute http or https URL without query, fragment or user name (got \"{BaseUrl}\")");
        }

        if (AuthRequestLifetime <= TimeSpan.Zero || AuthRequestLifetime > TimeSpan.FromDays(1))
        {
            problems.Add($"{Section}:AuthRequestLifetime must be positive and at most one day (got {AuthRequestLifetime})");
        }

        return problems.Count == 0 ? this : throw new InvalidOperationException(string.Join("; ", problems));
    }
}
