using System.Data.Common;

namespace Gatehouse.EventStore;

/// <summary>
/// Queries on the app's read-model tables, on connections configured like the store's own. A database that cannot
/// be reached, refuses us or does not answer in time surfaces as <see cref="StoreUnavailableException"/>, exactly as
/// from the store, so the app maps an outage in one place instead of leaking provider exceptions.
/// </summary>
public interface IReadModels
{
    /// <summary>Runs <paramref name="query"/> on an open connection that is closed afterwards.</summary>
    Task<T> QueryAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken = default);
}
