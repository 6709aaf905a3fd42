namespace Gatehouse.Api.Tests.Hosting;

/// <summary>A running server with its clients, so one test class can run against SQLite and PostgreSQL.</summary>
public interface IGatehouseServer
{
    GatehouseProcess Process { get; }

    ApiClients Clients { get; }

    Accounts Accounts { get; }
}
