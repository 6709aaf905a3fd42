namespace Gatehouse.Notifications;

internal interface IEmailSender
{
    /// <exception cref="EmailDeliveryException">
    /// The mail was not delivered; <see cref="EmailDeliveryException.IsPermanent"/> tells a retrying caller whether to try again.
    /// </exception>
    Task SendAsync(EmailMessage message, CancellationToken ct);
}
