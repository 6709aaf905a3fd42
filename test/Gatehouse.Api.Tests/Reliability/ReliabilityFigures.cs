using System.Text.Json;

namespace Gatehouse.Api.Tests.Reliability;

/// <summary>
/// How big the reliability suites run and where they leave their figures. <c>GATEHOUSE_RELIABILITY_SCALE</c> multiplies
/// the case counts (1 in the test command; <c>scripts/reliability</c> runs larger), and each suite writes a small JSON
/// file of figures that the reliability command adds up.
/// </summary>
public static class ReliabilityFigures
{
    public static int Scale =>
        int.TryParse(Environment.GetEnvironmentVariable("GATEHOUSE_RELIABILITY_SCALE"), out var scale) && scale > 0 ? scale : 1;

    public static void Record(string suite, IReadOnlyDictionary<string, long> figures)
    {
        var folder = Environment.GetEnvironmentVariable("GATEHOUSE_RELIABILITY_FIGURES")
            ?? Path.Combine(WalkthroughTests.RepositoryRoot(), "TestResults", "reliability");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{suite}.json"), JsonSerializer.Serialize(figures));
    }
}
