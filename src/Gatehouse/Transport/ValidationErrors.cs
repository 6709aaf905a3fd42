using Grpc.Core;
using Gatehouse.Transport;

namespace Gatehouse.Transport;

/// <summary>
/// Request validation in the words of protoc-gen-validate, which ZITADEL runs before its handlers: code 3 and no
/// details (docs/zitadel-wire.md §3.7). Validation runs after authentication, as there.
/// </summary>
internal static class ValidationErrors
{
    public static RpcException Length(string field, int min, int max) =>
        ErrorMapping.Plain(StatusCode.InvalidArgument, $"invalid {field}: value length must be between {min} and {max} runes, inclusive");

    public static RpcException MaxLength(string field, int max) =>
        ErrorMapping.Plain(StatusCode.InvalidArgument, $"invalid {field}: value length must be at most {max} runes");

    public static RpcException Required(string field) =>
        ErrorMapping.Plain(StatusCode.InvalidArgument, $"invalid {field}: value is required");

    public static RpcException Invalid(string field, string reason) =>
        ErrorMapping.Plain(StatusCode.InvalidArgument, $"invalid {field}: {reason}");

    /// <summary>Checks a 1–max rune string, the most common rule in the contract.</summary>
    public static void RequireLength(string value, string field, int min = 1, int max = 200)
    {
        var runes = value.EnumerateRunes().Count();
        if (runes < min || runes > max)
        {
            throw Length(field, min, max);
        }
    }
}
