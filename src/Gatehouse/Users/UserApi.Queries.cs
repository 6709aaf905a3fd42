using Gatehouse.Kernel;
using Gatehouse.Transport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.User.V2;

namespace Gatehouse.Users;

/// <summary>The v2 user reads Login V2 makes: the user by id on every page, the search by login name (docs/zitadel-wire.md §6.4, §6.5).</summary>
internal sealed partial class UserApi
{
    /// <summary>Nesting deeper than this is refused: a search is a few levels deep, and the depth bounds the work.</summary>
    private const int MaxQueryDepth = 8;

    public override async Task<GetUserByIDResponse> GetUserByID(GetUserByIDRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.UserId, "GetUserByIDRequest.UserId");
        var row = await users.GetAsync(request.UserId, context.CancellationToken);
        if (row is null || !MayRead(caller, row))
        {
            throw new DomainException(UserErrors.MyUserNotFound);
        }

        var user = UserV2Reads.ToUser(row);
        return new GetUserByIDResponse { Details = user.Details, User = user };
    }

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        Validate(request);
        var paging = ListPaging.Of(request.Query?.Offset ?? 0, request.Query?.Limit ?? 0, request.Query?.Asc ?? true);
        var rows = await CandidatesAsync(request, context.CancellationToken);
        var matching = rows.Where(row => MayRead(caller, row) && request.Queries.All(query => UserSearch.Matches(row, query))).ToList();
        var response = new ListUsersResponse
        {
            Details = new Zitadel.Object.V2.ListDetails { TotalResult = (ulong)matching.Count, Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()) },
            SortingColumn = request.SortingColumn,
        };
        response.Result.AddRange(paging.Apply(UserSearch.Sort(matching, request.SortingColumn)).Select(UserV2Reads.ToUser));
        return response;
    }

    /// <summary>
    /// The rows worth testing. Login V2's search names a login name exactly (ignoring case), which the unique claim of
    /// login names answers without a scan; any other search reads the users table.
    /// </summary>
    private async Task<IReadOnlyList<UserRow>> CandidatesAsync(ListUsersRequest request, CancellationToken ct)
    {
        var exact = request.Queries.FirstOrDefault(q => q.QueryCase == SearchQuery.QueryOneofCase.LoginNameQuery
            && q.LoginNameQuery.Method is Zitadel.Object.V2.TextQueryMethod.Equals or Zitadel.Object.V2.TextQueryMethod.EqualsIgnoreCase);
        if (exact is null)
        {
            return await users.ListAsync(ct);
        }

        var id = await users.FindByLoginNameAsync(exact.LoginNameQuery.LoginName, ct);
        return id is not null && await users.GetAsync(id, ct) is { } row ? [row] : [];
    }

    /// <summary>A deleted user is gone for every reader, as in ZITADEL, whose projections drop the row.</summary>
    private static bool MayRead(Caller caller, UserRow row) =>
        row.State != UserStates.Deleted && (caller.UserId == row.Id || caller.Can(Permissions.UserRead, row.OrgId));

    private static void Validate(ListUsersRequest request)
    {
        if (!System.Enum.IsDefined(request.SortingColumn))
        {
            throw ValidationErrors.Invalid("ListUsersRequest.SortingColumn", "value must be one of the defined enum values");
        }

        foreach (var query in request.Queries)
        {
            if (Depth(query) > MaxQueryDepth)
            {
                throw ValidationErrors.Invalid("ListUsersRequest.Queries", $"nested more than {MaxQueryDepth} levels");
            }

            foreach (var (method, text) in UserSearch.TextsOf(query))
            {
                if (!TextMatch.IsDefined(method))
                {
                    throw ValidationErrors.Invalid("ListUsersRequest.Queries.Method", "value must be one of the defined enum values");
                }

                ValidationErrors.RequireLength(text, "ListUsersRequest.Queries", min: 0);
            }
        }
    }

    private static int Depth(SearchQuery query) => 1 + query.QueryCase switch
    {
        SearchQuery.QueryOneofCase.OrQuery => query.OrQuery.Queries.Select(Depth).DefaultIfEmpty(0).Max(),
        SearchQuery.QueryOneofCase.AndQuery => query.AndQuery.Queries.Select(Depth).DefaultIfEmpty(0).Max(),
        SearchQuery.QueryOneofCase.NotQuery when query.NotQuery.Query is { } inner => Depth(inner),
        _ => 0,
    };
}
