using Gatehouse.Users;
using Gatehouse.Notifications;

namespace Gatehouse.Sessions;

internal enum OtpDelivery
{
    /// <summary>Mail the code (with or without the caller's link template).</summary>
    Send,

    /// <summary>Hand the code back to the caller, who delivers it; nothing is mailed.</summary>
    Return,
}

/// <summary><c>checks.otp_email</c>: the code the user typed.</summary>
internal sealed record OtpEmailCheck(string Code);

/// <summary>
/// <c>challenges.otp_email</c>, with what the decision needs from outside: a freshly drawn code, the keyed hash of the
/// address it would go to, and how many codes that address received within the window.
/// </summary>
internal sealed record OtpEmailChallengeRequest(OtpDelivery Delivery, string? UrlTemplate, NewCode Code, string? RecipientHash, int RecentSendsToAddress, DateTimeOffset? OldestRecentSend);
