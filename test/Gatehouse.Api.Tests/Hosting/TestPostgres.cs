namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// The PostgreSQL server that <c>scripts/test</c> starts and names in <c>GATEHOUSE_TEST_POSTGRES</c> (a superuser
/// connection string). Without the variable the PostgreSQL tests fail: a suite that silently skipped them would let
/// the backend several nodes run on go untested.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "GATEHOUSE_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL API tests need a server: run scripts/test, which starts one, or set it " +
                "to a superuser connection string such as 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres'.");

    /// <summary>An empty database with a random name; dispose it to drop it.</summary>
    public static Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(AdminConnectionString);
}
