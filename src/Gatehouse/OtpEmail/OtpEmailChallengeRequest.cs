using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// <c>challenges.otp_email</c>, with what the decision needs from outside: a freshly drawn code, the keyed hash of the
/// address it would go to, and how many codes that address received within the window (<see cref="OtpEmailSendLog"/>).
/// </summary>
internal sealed record OtpEmailChallengeRequest(OtpDelivery Delivery, string? UrlTemplate, NewCode Code, string? RecipientHash, RecentSends Sends);
