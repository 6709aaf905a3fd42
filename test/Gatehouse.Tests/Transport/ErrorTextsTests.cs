using System.Reflection;
using System.Text.RegularExpressions;
using Gatehouse.Kernel;
using Gatehouse.Hosting;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Transport;

namespace Gatehouse.Tests.Transport;

/// <summary>Every i18n key Gatehouse raises reads as text, unless ZITADEL itself sends that key raw.</summary>
public sealed partial class ErrorTextsTests
{
    [Fact]
    public void Every_error_key_raised_in_the_sources_has_an_english_text_or_is_one_zitadel_sends_raw()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Gatehouse.slnx")))
        {
            root = root.Parent!;
        }

        var raised = Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "Gatehouse"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !Path.GetFileName(file).EndsWith("ErrorTexts.cs", StringComparison.Ordinal))
            .SelectMany(file => KeyPattern().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var neverTranslated = NeverTranslatedKeys();

        Assert.NotEmpty(raised);
        var texts = ErrorTexts.Of(GatehouseModules.Create());
        var missing = raised.Where(key => !texts.HasText(key) && !ErrorTexts.UntranslatedByZitadel.Contains(key) && !neverTranslated.Contains(key)).Order().ToList();
        Assert.True(missing.Count == 0, "No English text for: " + string.Join(", ", missing));
        Assert.All(ErrorTexts.UntranslatedByZitadel, key => Assert.Contains(key, raised));
    }

    [Fact]
    public void A_locked_user_is_told_so_in_words() =>
        Assert.Equal("User is locked (COMMAND-S6h4R)", ErrorMapping.ToRpcException(OtpEmailErrors.UserLocked, ErrorTexts.Of(GatehouseModules.Create()), "en").Status.Detail);

    /// <summary>Keys of the authorization step, which ZITADEL never translates (<see cref="DomainError.Translate"/>).</summary>
    private static HashSet<string> NeverTranslatedKeys() =>
        typeof(DomainError).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.FieldType == typeof(DomainError))
            .Select(field => (DomainError)field.GetValue(null)!)
            .Where(error => !error.Translate || error.Literal)
            .Select(error => error.Key)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("\"(Errors\\.[A-Za-z0-9.]+)\"")]
    private static partial Regex KeyPattern();
}
