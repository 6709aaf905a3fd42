using Gatehouse.EventStore;

namespace Gatehouse.Instance;

internal sealed class OrgQueries(IReadModels readModels)
{
    /// <summary>An organization's primary domain, <c>&lt;name&gt;.&lt;external domain&gt;</c> lower-cased, in SQL; <see cref="PrimaryDomain"/> is the same rule in C#.</summary>
    private const string PrimaryDomainSql = "LOWER(REPLACE(name, ' ', '-')) || '.' || @external";

    // Written once by the first start and never changed afterwards, so every CreateSession need not ask.
    private InstanceRow? instance;

    public async Task<bool> ExistsAsync(string orgId, CancellationToken ct) =>
        await readModels.QuerySingleAsync("SELECT id FROM orgs WHERE id = @id", r => r.GetString(0), ct, ("@id", orgId)) is not null;

    /// <summary>Organizations are reachable by their primary domain, <c>&lt;name&gt;.&lt;external domain&gt;</c> lower-cased.</summary>
    public Task<string?> FindByDomainAsync(string domain, string externalDomain, CancellationToken ct) =>
        readModels.QuerySingleAsync(
            $"SELECT id FROM orgs WHERE {PrimaryDomainSql} = LOWER(@domain)",
            r => r.GetString(0), ct, ("@external", externalDomain.ToLowerInvariant()), ("@domain", domain));

    /// <summary>Every organization with its primary domain; an instance has few, so the search filters them in memory.</summary>
    public async Task<IReadOnlyList<OrgListing>> ListAsync(string externalDomain, CancellationToken ct) =>
        await readModels.QueryAsync("SELECT id, name, created_at FROM orgs",
            r => new OrgListing(r.GetString(0), r.GetString(1), PrimaryDomain(r.GetString(1), externalDomain),
                UnixMicroseconds.ToTime(r.GetInt64(2)), 0), ct);

    /// <summary>The rule <see cref="FindByDomainAsync"/> matches by, for one organization.</summary>
    public static string PrimaryDomain(string name, string externalDomain) =>
        $"{name.Replace(' ', '-')}.{externalDomain}".ToLowerInvariant();

    /// <summary>The organization's name and primary domain (as <see cref="FindByDomainAsync"/> finds it), or null.</summary>
    public async Task<(string Name, string PrimaryDomain)?> GetAsync(string orgId, string externalDomain, CancellationToken ct) =>
        (await readModels.QueryAsync<(string, string)?>("SELECT name FROM orgs WHERE id = @id",
            r => (r.GetString(0), PrimaryDomain(r.GetString(0), externalDomain)), ct, ("@id", orgId))).FirstOrDefault();

    public async Task<InstanceRow?> GetInstanceAsync(CancellationToken ct) =>
        instance ??= await readModels.QuerySingleAsync("SELECT id, default_org_id FROM instances", r => new InstanceRow(r.GetString(0), r.NullableString(1) ?? ""), ct);
}
