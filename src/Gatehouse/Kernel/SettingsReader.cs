using Microsoft.Extensions.Options;

namespace Gatehouse.Kernel;

/// <summary>
/// What the modules read their settings through, once, at start. It collects every problem instead of stopping at the
/// first, knows every setting by its full name (the README's configuration reference lists each), and refuses
/// settings nobody declared in a section somebody owns, since a misspelt name would otherwise be ignored in silence.
/// </summary>
internal sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<string> failures = [];
    private readonly List<(string Section, IReadOnlyCollection<string> Keys)> sections = [];
    private readonly List<string> single = [];

    public IConfiguration Configuration { get; } = configuration;

    public IReadOnlyList<string> Failures => failures;

    /// <summary>Every setting declared so far, by its full name, in the order the modules read them.</summary>
    public IEnumerable<string> AllSettings =>
        sections.SelectMany(section => section.Keys.Select(key => $"{section.Section}:{key}")).Concat(single);

    public void Problem(string text) => failures.Add(text);

    /// <summary>Declares the section's settings (so others in it are refused) and binds it.</summary>
    public T Bind<T>(string section, IReadOnlyCollection<string> keys)
        where T : new()
    {
        Declare(section, keys);
        try
        {
            return Configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the setting and the value: "Failed to convert configuration value 'x' at
            // 'Gatehouse:Port' to type 'System.Int32'."
            failures.Add(e.Message.TrimEnd('.'));
            return new T();
        }
    }

    /// <summary>Declares a section whose settings are read by hand.</summary>
    public void Declare(string section, IReadOnlyCollection<string> keys) => sections.Add((section, keys));

    /// <summary>Declares one setting in a section that holds others Gatehouse does not own (<c>Logging</c>).</summary>
    public void DeclareSingle(string setting) => single.Add(setting);

    /// <summary>Runs a settings object's own check, whose message lists its problems separated by "; ".</summary>
    public void Check(Action validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        try
        {
            validate();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        catch (InvalidOperationException e)
        {
            failures.AddRange(e.Message.TrimEnd('.').Split("; "));
        }
        catch (ConfigurationException e)
        {
            failures.AddRange(e.Failures);
        }
    }

    /// <summary>After every module has read its settings: a child of a declared section is known if it is one of
    /// its keys or itself (or the start of) a declared section.</summary>
    public void RefuseUnknown()
    {
        foreach (var (section, keys) in sections)
        {
            foreach (var child in Configuration.GetSection(section).GetChildren())
            {
                var path = $"{section}:{child.Key}";
                var known = keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase)
                    || sections.Any(other => other.Section.Equals(path, StringComparison.OrdinalIgnoreCase)
                        || other.Section.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase));
                if (!known)
                {
                    failures.Add($"{path} is not a setting Gatehouse knows (known in {section}: {string.Join(", ", keys)})");
                }
            }
        }
    }
}
