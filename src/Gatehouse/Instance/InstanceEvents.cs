using System.Text.Json.Serialization;
using Gatehouse.Kernel;

namespace Gatehouse.Instance;

#pragma warning disable SA1649 // One file lists the instance and organization events with their wire names.

internal abstract record InstanceEvent;

internal sealed record InstanceAdded(string Name) : InstanceEvent;

internal sealed record DefaultOrgSet(string OrgId) : InstanceEvent;

internal sealed record InstanceMemberAdded(string UserId, IReadOnlyList<string> Roles) : InstanceEvent;

internal sealed record OrgAdded(string Name) : InstanceEvent;

internal static class InstanceEvents
{
    public const string InstanceAggregate = "instance";
    public const string OrgAggregate = "org";

    public static readonly EventCodec<InstanceEvent> Codec = new EventCodec<InstanceEvent>()
        .Add("instance.added", InstanceEventJson.Default.InstanceAdded)
        .Add("instance.default.org.set", InstanceEventJson.Default.DefaultOrgSet)
        .Add("instance.member.added", InstanceEventJson.Default.InstanceMemberAdded)
        .Add("org.added", InstanceEventJson.Default.OrgAdded);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InstanceAdded))]
[JsonSerializable(typeof(DefaultOrgSet))]
[JsonSerializable(typeof(InstanceMemberAdded))]
[JsonSerializable(typeof(OrgAdded))]
internal sealed partial class InstanceEventJson : JsonSerializerContext;
