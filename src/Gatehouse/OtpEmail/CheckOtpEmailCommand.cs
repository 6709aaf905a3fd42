namespace Gatehouse.OtpEmail;

/// <summary>Check a typed code against the session's open challenge, for the user the session has checked.</summary>
internal sealed record CheckOtpEmailCommand(string SessionId, string? UserId, OtpEmailCheck Check);
