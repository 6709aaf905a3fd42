using System.Diagnostics;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests;

/// <summary>
/// The README's walkthrough, run verbatim with bash, curl and jq against a fresh server, so the README cannot drift
/// from what the server does.
/// </summary>
public sealed class WalkthroughTests
{
    [Fact]
    public async Task The_readme_walkthrough_works_against_a_fresh_install()
    {
        await using var server = await GatehouseProcess.StartAsync();
        try
        {
            var script = ReadmeBlock("<!-- walkthrough");
            var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["GATEHOUSE"] = server.BaseAddress.ToString().TrimEnd('/');
            start.Environment["DATA"] = server.DataPath;
            using var bash = Process.Start(start)!;
            var stdout = bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await bash.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.True(bash.ExitCode == 0, $"walkthrough failed ({bash.ExitCode}):\n{await stdout}\n{await stderr}\nserver:\n{server.Output}");
            Assert.Contains("AUTH_FACTOR_STATE_READY", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }

    /// <summary>The fenced block that follows the marker line in README.md.</summary>
    internal static string ReadmeBlock(string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var at = Array.FindIndex(lines, l => l.StartsWith(marker, StringComparison.Ordinal));
        Assert.True(at >= 0, $"README.md has no block marked {marker}");
        var open = Array.FindIndex(lines, at, l => l.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return string.Join('\n', lines[(open + 1)..close]);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gatehouse.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
