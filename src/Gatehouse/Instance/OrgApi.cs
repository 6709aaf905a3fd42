using Gatehouse.Kernel;
using Gatehouse.Transport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.Org.V2;

namespace Gatehouse.Instance;

/// <summary>
/// <c>zitadel.org.v2.OrganizationService</c>, the search only: Login V2 asks it for the default organization on every
/// page and for the organization of a login name's domain (docs/zitadel-wire.md §10). Any valid token may search; the
/// answer holds only the organizations the caller may read, so a user without a role learns nothing about others.
/// </summary>
internal sealed class OrgApi(OrgQueries orgs, InstanceSettings settings, TimeProvider time) : OrganizationService.OrganizationServiceBase
{
    public override async Task<ListOrganizationsResponse> ListOrganizations(ListOrganizationsRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        Validate(request);
        var paging = ListPaging.Of(request.Query?.Offset ?? 0, request.Query?.Limit ?? 0, request.Query?.Asc ?? true);
        var instance = await orgs.GetInstanceAsync(context.CancellationToken);
        var readable = (await orgs.ListAsync(settings.ExternalDomain, context.CancellationToken))
            .Where(org => caller.Can(Permissions.OrgRead, org.Id)).ToList();
        var (page, total) = OrgSearch.Run(readable, request.Queries, instance?.DefaultOrgId ?? "",
            (paging, request.SortingColumn == OrganizationFieldName.Name));

        var response = new ListOrganizationsResponse
        {
            Details = new Zitadel.Object.V2.ListDetails { TotalResult = (ulong)total, Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()) },
            SortingColumn = request.SortingColumn,
        };
        response.Result.AddRange(page.Select(org => new Organization
        {
            Id = org.Id,
            Name = org.Name,
            PrimaryDomain = org.PrimaryDomain,
            State = OrganizationState.Active,
            Details = new Zitadel.Object.V2.Details
            {
                ResourceOwner = org.Id,
                CreationDate = Timestamp.FromDateTimeOffset(org.CreatedAt),
                ChangeDate = Timestamp.FromDateTimeOffset(org.CreatedAt),
            },
        }));
        return response;
    }

    /// <summary>The request's own rules, checked before anything is read (ZITADEL's protoc-gen-validate rules).</summary>
    private static void Validate(ListOrganizationsRequest request)
    {
        if (!System.Enum.IsDefined(request.SortingColumn))
        {
            throw ValidationErrors.Invalid("ListOrganizationsRequest.SortingColumn", "value must be one of the defined enum values");
        }

        for (var i = 0; i < request.Queries.Count; i++)
        {
            var query = request.Queries[i];
            var (method, text, field) = query.QueryCase switch
            {
                SearchQuery.QueryOneofCase.NameQuery => ((int)query.NameQuery.Method, query.NameQuery.Name, "NameQuery.Name"),
                SearchQuery.QueryOneofCase.DomainQuery => ((int)query.DomainQuery.Method, query.DomainQuery.Domain, "DomainQuery.Domain"),
                SearchQuery.QueryOneofCase.IdQuery => (0, query.IdQuery.Id, "IdQuery.Id"),
                _ => (0, "x", ""),
            };
            if (!TextMatch.IsDefined(method))
            {
                throw ValidationErrors.Invalid($"ListOrganizationsRequest.Queries[{i}].Method", "value must be one of the defined enum values");
            }

            ValidationErrors.RequireLength(text, $"ListOrganizationsRequest.Queries[{i}].{field}", min: 0);
        }
    }
}
