namespace Gatehouse.Instance;

/// <summary>An organization as a list answer shows it.</summary>
internal sealed record OrgListing(string Id, string Name, string PrimaryDomain, DateTimeOffset CreatedAt, long Sequence);
