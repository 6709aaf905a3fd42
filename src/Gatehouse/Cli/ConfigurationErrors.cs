using Gatehouse.Kernel;

namespace Gatehouse.Cli;

internal static class ConfigurationErrors
{
    /// <summary>One line per wrong setting on standard error, where a service manager's journal picks it up.</summary>
    public static async Task WriteAsync(ConfigurationException e)
    {
        await Console.Error.WriteLineAsync("gatehouse: the configuration is invalid:");
        foreach (var failure in e.Failures)
        {
            await Console.Error.WriteLineAsync($"  - {failure}");
        }
    }
}
