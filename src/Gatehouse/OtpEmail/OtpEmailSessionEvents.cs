using Gatehouse.Kernel;

namespace Gatehouse.OtpEmail;

#pragma warning disable SA1649 // The factor's session events, declared together; their wire names are in Sessions/SessionEvents.cs.

/// <summary>
/// A one-time code challenge. ZITADEL stores the code encrypted; we keep only its keyed hash. <c>Expiry</c> is in
/// nanoseconds; <c>UrlTmpl</c> is the caller's link template for the mail.
/// </summary>
internal sealed record OtpEmailChallenged(string CodeHash, long Expiry, bool ReturnCode, string? UrlTmpl) : SessionEvent;

internal sealed record OtpEmailChecked(DateTimeOffset CheckedAt) : SessionEvent;
