using Gatehouse.EventStore;

namespace Gatehouse.Sessions;

/// <summary>Sessions are read from their own short stream: always current, no projection lag.</summary>
internal sealed class SessionQueries(IEventStore store)
{
    public async Task<SessionState> LoadAsync(string sessionId, CancellationToken ct) =>
        SessionState.From(await store.ReadStreamAsync(SessionEvents.Stream(sessionId), 0, ct));
}
