using Gatehouse.Kernel;
using Gatehouse.Transport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.Session.V2;

namespace Gatehouse.Sessions;

/// <summary>
/// ListSessions, which Login V2 calls with the ids of its session cookies to show the account list
/// (docs/zitadel-wire.md §7.5): only the sessions the caller could also read one by one with GetSession.
/// </summary>
internal sealed partial class SessionApi
{
    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var ct = context.CancellationToken;
        if (!System.Enum.IsDefined(request.SortingColumn))
        {
            throw ValidationErrors.Invalid("ListSessionsRequest.SortingColumn", "value must be one of the defined enum values");
        }

        var paging = ListPaging.Of(request.Query?.Offset ?? 0, request.Query?.Limit ?? 0, request.Query?.Asc ?? false);
        var search = SessionSearch.Of(request.Queries, caller.UserId);
        var visible = (await sessions.SearchAsync(search, ct)).Where(row => MayList(caller, row))
            .OrderBy(row => row.CreatedAt).ThenBy(row => row.Id, StringComparer.Ordinal).ToList();
        var states = new List<(string Id, SessionState State)>();
        // The user agent is only in the session's stream: with that query every candidate is loaded, else only the page.
        foreach (var row in search.Fingerprints.Count > 0 ? visible : paging.Apply(visible))
        {
            var state = await sessions.LoadAsync(row.Id, ct);
            if (search.Fingerprints.All(fingerprint => state.UserAgent?.FingerprintId == fingerprint))
            {
                states.Add((row.Id, state));
            }
        }

        var total = search.Fingerprints.Count > 0 ? states.Count : visible.Count;
        var page = search.Fingerprints.Count > 0 ? paging.Apply(states) : states;
        var response = new ListSessionsResponse
        {
            Details = new Zitadel.Object.V2.ListDetails { TotalResult = (ulong)total, Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()) },
        };
        foreach (var (id, state) in page)
        {
            var user = state.User is { } checkedUser ? await users.GetAsync(checkedUser.UserId, ct) : null;
            response.Sessions.Add(SessionMapping.ToSession(id, state, user));
        }

        return response;
    }

    /// <summary>
    /// GetSession's rule without a token: the creator, the session's user, or session.read in the user's organization.
    /// A session that has not passed every factor never gets here: the interceptor refuses it this call.
    /// </summary>
    private static bool MayList(Caller caller, SessionListing row) =>
        caller.UserId == row.Creator || caller.UserId == row.UserId || caller.Can(Permissions.SessionRead, row.UserOrgId ?? Caller.InstanceScope);
}
