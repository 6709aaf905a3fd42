using Gatehouse.OtpEmail;

namespace Gatehouse.Sessions;

/// <summary>What a CreateSession or SetSession request asks for, validated and resolved, ready for the decision.</summary>
internal sealed record SessionChange(
    string SessionId,
    bool Create,
    SessionUserAgent? UserAgent,
    CheckedUser? User,
    PasswordCheck? Password,
    IReadOnlyDictionary<string, string> Metadata,
    TimeSpan? Lifetime,
    string NewTokenId,
    string NewTokenHash)
{
    public OtpEmailCheck? OtpEmailCheck { get; init; }

    public OtpEmailChallengeRequest? OtpEmailChallenge { get; init; }

    /// <summary>
    /// The session token's hash the caller was authorized with, when it presented the token: a change decided after
    /// the token rotated (a concurrent step) is refused as the old token would be.
    /// </summary>
    public string? AuthorizedTokenHash { get; init; }
}
