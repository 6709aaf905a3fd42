namespace Gatehouse.Settings;

/// <summary>Whose settings a request asks for: the instance, and the organization (the instance's own id when none).</summary>
internal sealed record SettingsOwner(string InstanceId, string OrgId);
