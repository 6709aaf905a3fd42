namespace Gatehouse.Notifications;

internal sealed class EmailDeliveryException(string message, bool isPermanent, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>
    /// True when sending the same message again cannot succeed (the server refused this recipient or this message
    /// for good). Everything else — unreachable server, timeouts, 4xx replies, our own credentials or TLS set-up —
    /// is transient: it is about the channel, not the message, and may heal without the message changing.
    /// </summary>
    public bool IsPermanent { get; } = isPermanent;
}
