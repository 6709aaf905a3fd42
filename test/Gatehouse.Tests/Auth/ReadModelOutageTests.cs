using Gatehouse.Crypto;
using Gatehouse.EventStore;
using Gatehouse.Auth;

namespace Gatehouse.Tests.Auth;

/// <summary>
/// Read-model queries used to run on the raw data source, so an unreachable database escaped as a provider exception
/// and became Internal; it must reach the API as <see cref="StoreUnavailableException"/> (Unavailable / 503).
/// </summary>
public sealed class ReadModelOutageTests
{
    [Fact]
    public async Task Authenticating_while_the_database_is_unreachable_fails_with_store_unavailable()
    {
        // A directory cannot be opened as a database file.
        var options = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.GetTempPath()}" };
        await using var database = new EventStoreDatabase(options, [], TimeProvider.System);
        var hasher = new SecretHasher(MasterKey.FromBytes(new byte[32]));
        // An opaque token never reaches the OIDC validation, so none is needed here.
        var authenticator = new BearerAuthenticator(database.ReadModels, hasher, new TokenCache(), TimeProvider.System, null!,
            new Gatehouse.Oidc.OidcTokenChecks(database.ReadModels, hasher, new Gatehouse.Oidc.OidcSettings(), TimeProvider.System));

        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            authenticator.AuthenticateAsync("Bearer some-token", TestContext.Current.CancellationToken));
    }
}
