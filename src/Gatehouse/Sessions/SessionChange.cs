namespace Gatehouse.Sessions;

/// <summary>What a CreateSession or SetSession request asks for, validated and resolved, ready for the decision.</summary>
internal sealed record SessionChange(
    string SessionId,
    bool Create,
    SessionUserAgent? UserAgent,
    CheckedUser? User,
    string? Password,
    IReadOnlyDictionary<string, string> Metadata,
    TimeSpan? Lifetime,
    string NewTokenId,
    string NewTokenHash)
{
    public OtpEmailCheck? OtpEmailCheck { get; init; }

    public OtpEmailChallengeRequest? OtpEmailChallenge { get; init; }
}
