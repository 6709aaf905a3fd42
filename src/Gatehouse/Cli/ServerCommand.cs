using Gatehouse.Hosting;
using Gatehouse.Kernel;

namespace Gatehouse.Cli;

/// <summary><c>gatehouse start</c>: the server, until SIGTERM or Ctrl+C, then a graceful stop.</summary>
internal static class ServerCommand
{
    public static async Task<int> RunAsync()
    {
        WebApplication app;
        try
        {
            // No command-line arguments reach the host's configuration: they are the commands'. Settings come from
            // appsettings.json and the environment.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.AddGatehouse();
            app = builder.Build();
        }
        catch (ConfigurationException e)
        {
            await ConfigurationErrors.WriteAsync(e);
            return ExitCodes.Failure;
        }

        try
        {
            await app.StartGatehouseAsync();
            await app.RunAsync();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The host has logged what it knows; this line is for whoever reads only the last one.
            app.Logger.LogCritical(e, "Gatehouse stopped: {Error}", e.Message);
            await Console.Error.WriteLineAsync($"gatehouse: error: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
