namespace Gatehouse.Kernel;

/// <summary>ZITADEL's text query methods (<c>TEXT_QUERY_METHOD_*</c>, numbered as on the wire) as one pure comparison.</summary>
internal static class TextMatch
{
    /// <summary>Methods 0–7; anything else is refused by the request's validation before a query runs.</summary>
    public static bool IsDefined(int method) => method is >= 0 and <= 7;

    public static bool Matches(string value, string query, int method) => method switch
    {
        0 => string.Equals(value, query, StringComparison.Ordinal),
        1 => string.Equals(value, query, StringComparison.OrdinalIgnoreCase),
        2 => value.StartsWith(query, StringComparison.Ordinal),
        3 => value.StartsWith(query, StringComparison.OrdinalIgnoreCase),
        4 => value.Contains(query, StringComparison.Ordinal),
        5 => value.Contains(query, StringComparison.OrdinalIgnoreCase),
        6 => value.EndsWith(query, StringComparison.Ordinal),
        7 => value.EndsWith(query, StringComparison.OrdinalIgnoreCase),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Validate the method first."),
    };
}
