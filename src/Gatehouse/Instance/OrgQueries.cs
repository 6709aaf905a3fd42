using Gatehouse.EventStore;

namespace Gatehouse.Instance;

internal sealed class OrgQueries(IReadModels readModels)
{
    // Written once by the first start and never changed afterwards, so every CreateSession need not ask.
    private InstanceRow? instance;

    public async Task<bool> ExistsAsync(string orgId, CancellationToken ct) =>
        await readModels.QuerySingleAsync("SELECT id FROM orgs WHERE id = @id", r => r.GetString(0), ct, ("@id", orgId)) is not null;

    /// <summary>Organizations are reachable by their primary domain, <c>&lt;name&gt;.&lt;external domain&gt;</c> lower-cased.</summary>
    public Task<string?> FindByDomainAsync(string domain, string externalDomain, CancellationToken ct) =>
        readModels.QuerySingleAsync(
            "SELECT id FROM orgs WHERE LOWER(REPLACE(name, ' ', '-')) || '.' || @external = LOWER(@domain)",
            r => r.GetString(0), ct, ("@external", externalDomain.ToLowerInvariant()), ("@domain", domain));

    public async Task<InstanceRow?> GetInstanceAsync(CancellationToken ct) =>
        instance ??= await readModels.QuerySingleAsync("SELECT id, default_org_id FROM instances", r => new InstanceRow(r.GetString(0), r.NullableString(1) ?? ""), ct);
}
