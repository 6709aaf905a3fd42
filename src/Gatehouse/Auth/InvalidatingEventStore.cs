using Gatehouse.EventStore;
using Gatehouse.Auth;

namespace Gatehouse.Auth;

/// <summary>
/// The event store as the app uses it: every committed append is shown to the token cache before the writer gets
/// its answer, so a rotated or terminated session token stops working on this node the moment the change is
/// acknowledged.
/// </summary>
internal sealed class InvalidatingEventStore(IEventStore inner, TokenCache tokens) : IEventStore
{
    public async Task<AppendResult> AppendAsync(IReadOnlyList<AppendRequest> requests, CancellationToken cancellationToken = default)
    {
        AppendResult result;
        try
        {
            result = await inner.AppendAsync(requests, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The connection may have broken while committing, so the append may have happened after all.
            tokens.Invalidate([.. requests.SelectMany(r => r.Events.Select(e =>
                new StoredEvent(0, r.Stream, 0, e.Type, e.Payload, DateTimeOffset.MinValue, r.ResourceOwner, r.Creator)))]);
            throw;
        }

        tokens.Invalidate(result.Events);
        return result;
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        inner.ReadStreamAsync(stream, afterSequence, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ReadAllAsync(afterPosition, maxCount, cancellationToken);

    public Task<string?> FindClaimOwnerAsync(UniqueClaim claim, CancellationToken cancellationToken = default) =>
        inner.FindClaimOwnerAsync(claim, cancellationToken);
}
