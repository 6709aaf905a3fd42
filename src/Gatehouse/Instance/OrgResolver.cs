using Gatehouse.Kernel;
using Grpc.Core;

namespace Gatehouse.Instance;

/// <summary>
/// The organization a request acts in (docs/zitadel-wire.md §1.3): the body's organization wins, then the
/// <c>x-zitadel-orgid</c> header, then the caller's own organization. An unknown one is refused.
/// </summary>
internal sealed class OrgResolver(OrgQueries orgs, InstanceSettings settings)
{
    public async Task<string> ResolveAsync(Caller caller, Zitadel.Object.V2.Organization? organization, ServerCallContext context)
    {
        string? orgId = organization?.OrgCase switch
        {
            Zitadel.Object.V2.Organization.OrgOneofCase.OrgId => organization.OrgId,
            Zitadel.Object.V2.Organization.OrgOneofCase.OrgDomain =>
                await orgs.FindByDomainAsync(organization.OrgDomain, settings.ExternalDomain, context.CancellationToken)
                ?? throw new DomainException(AuthErrors.OrgNotFound),
            _ => context.RequestHeaders.GetValue("x-zitadel-orgid"),
        };

        if (string.IsNullOrEmpty(orgId) || orgId == caller.OrgId)
        {
            return caller.OrgId;
        }

        return await orgs.ExistsAsync(orgId, context.CancellationToken) ? orgId : throw new DomainException(AuthErrors.OrgNotFound);
    }
}
