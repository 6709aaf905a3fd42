using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Cli;

/// <summary>
/// Where a command's result goes: a plain line on standard output (a token alone, so <c>$(gatehouse admin create-pat …)</c>
/// works), or with <c>--json</c> one JSON object, errors included, so a script parses one shape whatever happens.
/// Without <c>--json</c> errors go to standard error.
/// </summary>
internal sealed class CommandOutput(bool json)
{
    // Plain quotes and non-ASCII letters in messages stay readable; the output is never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Result(string text, JsonObject data) => Console.Out.WriteLine(json ? data.ToJsonString(Options) : text);

    public void Error(string message, IReadOnlyList<string>? details = null)
    {
        if (json)
        {
            var error = new JsonObject { ["error"] = message };
            if (details is { Count: > 0 })
            {
                error["details"] = new JsonArray([.. details.Select(d => (JsonNode?)JsonValue.Create(d))]);
            }

            Console.Out.WriteLine(error.ToJsonString(Options));
            return;
        }

        Console.Error.WriteLine($"gatehouse: error: {message}");
        foreach (var detail in details ?? [])
        {
            Console.Error.WriteLine($"  - {detail}");
        }
    }
}
