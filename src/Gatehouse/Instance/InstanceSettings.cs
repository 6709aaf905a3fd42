namespace Gatehouse.Instance;

/// <summary>
/// What the first start creates, and how organizations are addressed. Section <c>Gatehouse:FirstInstance</c>
/// (environment <c>Gatehouse__FirstInstance__OrgName</c>, …).
/// </summary>
internal sealed class InstanceSettings
{
    public string InstanceName { get; set; } = "Gatehouse";

    public string OrgName { get; set; } = "Gatehouse";

    public string ExternalDomain { get; set; } = "localhost";

    public string AdminUserName { get; set; } = "admin";

    public string LoginClientUserName { get; set; } = "login-client";

    /// <summary>How long the first personal access tokens are valid; ZITADEL's default is no expiry.</summary>
    public DateTimeOffset? PatExpiration { get; set; }

    public static readonly string[] Keys =
        [nameof(InstanceName), nameof(OrgName), nameof(ExternalDomain), nameof(AdminUserName), nameof(LoginClientUserName), nameof(PatExpiration)];

    /// <summary>What is wrong with these settings, each naming its setting.</summary>
    public IEnumerable<string> Problems(DateTimeOffset now)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(InstanceName), InstanceName), (nameof(OrgName), OrgName), (nameof(ExternalDomain), ExternalDomain),
            (nameof(AdminUserName), AdminUserName), (nameof(LoginClientUserName), LoginClientUserName),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"Gatehouse:FirstInstance:{name} must not be empty";
            }
        }

        if (PatExpiration is { } expiration && expiration <= now)
        {
            yield return $"Gatehouse:FirstInstance:PatExpiration must be in the future (got {expiration:O})";
        }
    }
}
