using Gatehouse.Kernel;

namespace Gatehouse.Sessions;

/// <summary>Sessions are read from their own short stream: always current, no projection lag.</summary>
internal sealed class SessionQueries(WriteModels writeModels)
{
    public Task<SessionState> LoadAsync(string sessionId, CancellationToken ct) =>
        writeModels.LoadAsync(SessionEvents.Aggregate, sessionId, ct);
}
