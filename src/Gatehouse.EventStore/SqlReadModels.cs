using System.Data.Common;

namespace Gatehouse.EventStore;

internal sealed class SqlReadModels(StorageDialect dialect) : IReadModels
{
    public async Task<T> QueryAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            return await query(connection, cancellationToken);
        }
        catch (DbException e) when (dialect.IsUnavailable(e))
        {
            throw dialect.Unavailable(e);
        }
    }
}
