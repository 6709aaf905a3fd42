using Xunit;

namespace Gatehouse.EventStore.Tests;

/// <summary>Empty databases of one backend, removed when the test class is done.</summary>
public interface IDatabaseFixture : IAsyncLifetime
{
    /// <summary>The database most tests of a class share; tests keep apart by using fresh stream ids.</summary>
    StoreOptions SharedDatabase { get; }

    /// <summary>A database of its own, for tests that change the schema or need it empty.</summary>
    Task<StoreOptions> CreateDatabaseAsync();
}
