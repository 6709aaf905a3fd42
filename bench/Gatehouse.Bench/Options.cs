using System.Globalization;

namespace Gatehouse.Bench;

/// <summary><c>--name value</c> pairs; a flag without a value reads as "true".</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, got '{args[i]}'.");
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options.values[args[i][2..]] = hasValue ? args[++i] : "true";
        }

        return options;
    }

    public string Text(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string? TextOrNull(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int? fallback = null) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture)
        : fallback ?? throw new ArgumentException($"--{name} is required.");

    public double Seconds(string name, double fallback) =>
        values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => values.ContainsKey(name);
}
