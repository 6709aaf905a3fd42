using System.Text;

namespace Gatehouse.Notifications;

/// <summary>
/// The subset of Go's text/template that ZITADEL's url_template fields use: literal text and <c>{{.Field}}</c>
/// actions (spaces inside the braces allowed). Anything else fails to parse; a field outside the allowed set fails
/// to render, as ZITADEL's validation with dummy data does. Values are inserted verbatim, as Go's text/template does.
/// </summary>
internal static class UrlTemplate
{
    public enum Problem
    {
        None,
        Parse,
        Render,
    }

    public static Problem Validate(string template, IReadOnlyCollection<string> allowedFields) =>
        TryRender(template, allowedFields.ToDictionary(f => f, _ => "x", StringComparer.Ordinal), out _);

    public static Problem TryRender(string template, IReadOnlyDictionary<string, string> values, out string result)
    {
        var output = new StringBuilder(template.Length + 32);
        result = "";
        var index = 0;
        while (index < template.Length)
        {
            var open = template.IndexOf("{{", index, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(template, index, template.Length - index);
                break;
            }

            output.Append(template, index, open - index);
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return Problem.Parse;
            }

            var action = template[(open + 2)..close].Trim();
            if (action.Length < 2 || action[0] != '.' || !action[1..].All(char.IsAsciiLetterOrDigit))
            {
                return Problem.Parse;
            }

            if (!values.TryGetValue(action[1..], out var value))
            {
                return Problem.Render;
            }

            output.Append(value);
            index = close + 2;
        }

        result = output.ToString();
        return Problem.None;
    }
}
