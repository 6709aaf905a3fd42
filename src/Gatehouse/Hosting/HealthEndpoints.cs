using Gatehouse.EventStore;
using Gatehouse.Storage;

namespace Gatehouse.Hosting;

/// <summary>
/// Probes for load balancers and orchestrators, on ZITADEL's paths: <c>/debug/healthz</c> says the process is
/// alive (restart it if not), <c>/debug/ready</c> that it can serve — set up and able to reach the database right
/// now (send it traffic only if so). Both are unauthenticated and reveal nothing but "ok" / "not ready".
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/debug/healthz", () => Results.Text("ok"));
        app.MapGet("/debug/ready", async (DatabaseReadiness readiness, IReadModels readModels, CancellationToken ct) =>
        {
            if (!readiness.IsReady)
            {
                return NotReady;
            }

            try
            {
                await readModels.QueryAsync(async (connection, token) =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT 1";
                    return await command.ExecuteScalarAsync(token);
                }, ct);
                return Results.Text("ok");
            }
            catch (StoreUnavailableException)
            {
                return NotReady;
            }
        });
        return app;
    }

    private static IResult NotReady => Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable);
}
