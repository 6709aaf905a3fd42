using Gatehouse.Kernel;

namespace Gatehouse.Transport;

/// <summary>The English and German texts of the i18n keys raised for the transport (throttling), as ZITADEL bundles them.</summary>
internal static class TransportErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.TooManyRequests"] = new("Too many requests", "Zu viele Anfragen"),
    };
}
