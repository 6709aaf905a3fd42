namespace Gatehouse.Storage;

/// <summary>
/// Whether the schema is migrated and the instance set up, so the API and the outbox may use the database. Until
/// then calls are answered with Unavailable, as while the database is down.
/// </summary>
internal sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public void MarkReady() => ready.TrySetResult();

    public Task WaitAsync(CancellationToken ct) => ready.Task.WaitAsync(ct);
}
