using Gatehouse.Kernel;

namespace Gatehouse.Transport;

/// <summary>
/// The English and German texts of every i18n key the registered modules raise, as ZITADEL bundles them (docs/zitadel-wire.md §8);
/// each module brings its own. Keys that ZITADEL leaves untranslated are absent on purpose: the key itself is then the
/// message, as clients expect.
/// </summary>
internal sealed class ErrorTexts(IReadOnlyDictionary<string, ErrorText> texts)
{
    /// <summary>The texts of all modules; a key defined by two modules is a programming error.</summary>
    public static ErrorTexts Of(IEnumerable<GatehouseModule> modules)
    {
        var all = new Dictionary<string, ErrorText>(StringComparer.Ordinal);
        foreach (var (key, text) in modules.SelectMany(module => module.ErrorTexts))
        {
            if (!all.TryAdd(key, text))
            {
                throw new InvalidOperationException($"The error text {key} is defined by two modules.");
            }
        }

        return new ErrorTexts(all);
    }

    /// <summary>
    /// Keys Gatehouse raises that ZITADEL's bundles have no text for, so ZITADEL answers with the key itself; every other
    /// key needs a text above (a test reads the sources for the keys raised).
    /// </summary>
    public static readonly IReadOnlySet<string> UntranslatedByZitadel = new HashSet<string>(StringComparer.Ordinal)
    {
        "Errors.AuthNKey.ExpireBeforeNow", "Errors.Invalid.Argument", "Errors.NotFound", "Errors.PermissionDenied",
        "Errors.User.AlreadyExisting", "Errors.User.NotActive",
    };

    public bool HasText(string key) => texts.ContainsKey(key);

    /// <summary>The text for a key in the language, falling back to English, then to the key itself.</summary>
    public string Translate(string key, string language)
    {
        if (!texts.TryGetValue(key, out var text))
        {
            return key;
        }

        return language == "de" ? text.De : text.En;
    }

    /// <summary>The first supported language of an Accept-Language header; English otherwise (the instance default).</summary>
    public static string LanguageOf(string? acceptLanguage)
    {
        if (string.IsNullOrEmpty(acceptLanguage))
        {
            return "en";
        }

        foreach (var part in acceptLanguage.Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("de", StringComparison.OrdinalIgnoreCase))
            {
                return "de";
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return "en";
            }
        }

        return "en";
    }
}
