using Gatehouse.EventStore;
using Gatehouse.Kernel;

namespace Gatehouse.Sessions;

/// <summary>One row of a session search: what deciding who may see it and sorting it needs.</summary>
internal sealed record SessionListing(string Id, string Creator, string? UserId, string? UserOrgId, long CreatedAt);

/// <summary>
/// Sessions are read from their own short stream: always current, no projection lag. Searches read the inline
/// <c>sessions</c> read model, which is as current.
/// </summary>
internal sealed class SessionQueries(WriteModels writeModels, IReadModels readModels)
{
    public Task<SessionState> LoadAsync(string sessionId, CancellationToken ct) =>
        writeModels.LoadAsync(SessionEvents.Aggregate, sessionId, ct);

    public async Task<IReadOnlyList<SessionListing>> SearchAsync(SessionSearch search, CancellationToken ct) =>
        await readModels.QueryAsync(
            $"SELECT id, creator, user_id, user_org_id, created_at FROM sessions WHERE {search.Where}",
            r => new SessionListing(r.GetString(0), r.GetString(1), r.NullableString(2), r.NullableString(3), r.GetInt64(4)),
            ct, [.. search.Parameters]);
}
