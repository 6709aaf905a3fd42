namespace Gatehouse.Users;

/// <summary>
/// A verification mail about to be sent, with what its throttle needs from outside the decision: the fresh code, the
/// keyed hash of the address, how many verification mails that address got within the window, and the time.
/// </summary>
internal sealed record VerificationSend(NewCode Code, string RecipientHash, int RecentSendsToAddress, DateTimeOffset? OldestRecentSend, DateTimeOffset Now)
{
    public EmailCodeDelivery Delivery { get; init; } = EmailCodeDelivery.Mail;
}
