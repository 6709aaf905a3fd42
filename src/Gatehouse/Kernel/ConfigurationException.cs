namespace Gatehouse.Kernel;

/// <summary>The configuration has wrong values; each failure names its setting. Start-up stops with exit code 1.</summary>
internal sealed class ConfigurationException(IReadOnlyList<string> failures)
    : Exception("Invalid configuration: " + string.Join("; ", failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
