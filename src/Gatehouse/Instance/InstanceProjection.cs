using System.Data.Common;
using Gatehouse.EventStore;
using Gatehouse.Kernel;

namespace Gatehouse.Instance;

/// <summary>Instances, organizations and instance memberships, for org resolution and permission checks.</summary>
internal sealed class InstanceProjection : IInlineProjection
{
    public async Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
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
            await (e switch
            {
                InstanceAdded added => transaction.ExecuteAsync(
                    "INSERT INTO instances (id, name, created_at) VALUES (@id, @name, @at)", cancellationToken, id, ("@name", added.Name), at),
                DefaultOrgSet set => transaction.ExecuteAsync(
                    "UPDATE instances SET default_org_id = @org WHERE id = @id", cancellationToken, id, ("@org", set.OrgId)),
                InstanceMemberAdded member => transaction.ExecuteAsync(
                    """
                    INSERT INTO members (user_id, scope, roles) VALUES (@user, 'instance', @roles)
                    ON CONFLICT (user_id, scope) DO UPDATE SET roles = excluded.roles
                    """, cancellationToken, ("@user", member.UserId), ("@roles", string.Join(',', member.Roles))),
                OrgAdded org => transaction.ExecuteAsync(
                    "INSERT INTO orgs (id, name, created_at) VALUES (@id, @name, @at)", cancellationToken, id, ("@name", org.Name), at),
                _ => Task.CompletedTask,
            });
        }
    }
}
