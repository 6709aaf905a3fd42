namespace Gatehouse.Instance;

internal sealed record InstanceRow(string Id, string DefaultOrgId);
