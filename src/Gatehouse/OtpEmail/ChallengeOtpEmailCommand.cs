namespace Gatehouse.OtpEmail;

/// <summary>Issue a new code on the session, for the user the session has checked.</summary>
internal sealed record ChallengeOtpEmailCommand(string SessionId, string? UserId, OtpEmailChallengeRequest Request);
