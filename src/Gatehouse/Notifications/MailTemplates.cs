using System.Globalization;
using System.Net;

namespace Gatehouse.Notifications;

/// <summary>A mail rendered for one recipient in one language.</summary>
internal sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// Mail texts are files: <c>{Template}.{language}.txt</c> (first line <c>Subject: …</c>, a blank line, the text body)
/// and <c>{Template}.{language}.html</c>. An operator overrides any of them by putting a file of the same name in
/// <c>&lt;DataPath&gt;/templates</c>; the built-in ones ship next to the binary. Unknown languages fall back to English.
/// Values are HTML-escaped in the HTML body. <c>{{.Expiry}}</c> states the configured lifetime in words, unlike
/// ZITADEL's fixed "five minutes".
/// </summary>
internal sealed class MailTemplates(Kernel.GatehouseSettings settings, IEnumerable<Kernel.MailTemplate> shipped)
{
    private readonly Dictionary<string, Kernel.MailTemplate> byName = shipped.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public RenderedMail Render(string template, string? language, IReadOnlyDictionary<string, string> values, TimeSpan? lifetime)
    {
        var shippedTemplate = byName.TryGetValue(template, out var known)
            ? known
            : throw new InvalidOperationException($"Mail template {template} is declared by no module.");
        var lang = language is not null && language.StartsWith("de", StringComparison.OrdinalIgnoreCase) ? "de" : "en";
        var all = new Dictionary<string, string>(values, StringComparer.Ordinal)
        {
            ["Expiry"] = lifetime is { } l ? DescribeLifetime(l, lang) : "",
        };
        var link = Link(values);
        all["Link"] = link is null ? "" : (lang == "de" ? "Oder öffne: " : "Or open: ") + link + "\n";
        var textSource = Read(shippedTemplate, $"{template}.{lang}.txt");
        var (subject, text) = SplitSubject(textSource);

        var escaped = all.ToDictionary(v => v.Key, v => WebUtility.HtmlEncode(v.Value), StringComparer.Ordinal);
        escaped["LinkHtml"] = link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(lang == "de" ? shippedTemplate.ButtonGerman : shippedTemplate.Button)}</a></p>";
        return new RenderedMail(Fill(subject, all), Fill(text, all), Fill(Read(shippedTemplate, $"{template}.{lang}.html"), escaped));
    }

    private static string? Link(IReadOnlyDictionary<string, string> values)
    {
        if (!values.TryGetValue("UrlTemplate", out var urlTemplate) || urlTemplate.Length == 0)
        {
            return null;
        }

        return UrlTemplate.TryRender(urlTemplate, values, out var url) == UrlTemplate.Problem.None ? url : null;
    }

    private string Read(Kernel.MailTemplate template, string fileName)
    {
        var overridden = Path.Combine(Path.GetFullPath(settings.DataPath), "templates", fileName);
        return File.ReadAllText(File.Exists(overridden) ? overridden : Path.Combine(AppContext.BaseDirectory, template.Folder, fileName));
    }

    private static (string Subject, string Body) SplitSubject(string source)
    {
        var newline = source.IndexOf('\n', StringComparison.Ordinal);
        var first = newline < 0 ? source : source[..newline];
        if (!first.StartsWith("Subject:", StringComparison.Ordinal))
        {
            return ("", source);
        }

        return (first["Subject:".Length..].Trim(), source[(newline + 1)..].TrimStart('\r', '\n'));
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        // Unknown placeholders render empty: an operator's template typo must not stop a sign-in mail.
        var result = template;
        var start = 0;
        while ((start = result.IndexOf("{{.", start, StringComparison.Ordinal)) >= 0)
        {
            var end = result.IndexOf("}}", start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var name = result[(start + 3)..end].Trim();
            var value = values.GetValueOrDefault(name, "");
            result = string.Concat(result.AsSpan(0, start), value, result.AsSpan(end + 2));
            start += value.Length;
        }

        return result;
    }

    private static string DescribeLifetime(TimeSpan lifetime, string language)
    {
        var german = language == "de";
        if (lifetime.TotalMinutes < 60)
        {
            var minutes = (int)Math.Ceiling(lifetime.TotalMinutes);
            return german ? Plural(minutes, "eine Minute", "Minuten") : Plural(minutes, "one minute", "minutes");
        }

        var hours = (int)Math.Ceiling(lifetime.TotalHours);
        return german ? Plural(hours, "eine Stunde", "Stunden") : Plural(hours, "one hour", "hours");
    }

    private static string Plural(int count, string one, string many) =>
        count == 1 ? one : string.Create(CultureInfo.InvariantCulture, $"{count} {many}");
}
