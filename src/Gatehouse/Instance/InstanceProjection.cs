using Gatehouse.EventStore;
using Gatehouse.Kernel;

namespace Gatehouse.Instance;

/// <summary>Instances, organizations and instance memberships, for org resolution and permission checks.</summary>
internal sealed class InstanceProjection : IInlineProjection
{
    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType is not (InstanceEvents.InstanceAggregate or InstanceEvents.OrgAggregate)
                || InstanceEvents.Codec.Decode(stored) is not { } e)
            {
                continue;
            }

            var id = ("@id", (object?)stored.Stream.AggregateId);
            var at = ("@at", (object?)UnixMicroseconds.From(stored.CreatedAt));
            switch (e)
            {
                case InstanceAdded added:
                    statements.Execute(
                        "INSERT INTO instances (id, name, created_at) VALUES (@id, @name, @at)", id, ("@name", added.Name), at);
                    break;
                case DefaultOrgSet set:
                    statements.Execute(
                        "UPDATE instances SET default_org_id = @org WHERE id = @id", id, ("@org", set.OrgId));
                    break;
                case InstanceMemberAdded member:
                    statements.Execute(
                        """
                        INSERT INTO members (user_id, scope, roles) VALUES (@user, 'instance', @roles)
                        ON CONFLICT (user_id, scope) DO UPDATE SET roles = excluded.roles
                        """, ("@user", member.UserId), ("@roles", string.Join(',', member.Roles)));
                    break;
                case OrgAdded org:
                    statements.Execute(
                        "INSERT INTO orgs (id, name, created_at) VALUES (@id, @name, @at)", id, ("@name", org.Name), at);
                    break;
            }
        }
    }
}
