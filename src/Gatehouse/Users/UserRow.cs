namespace Gatehouse.Users;

/// <summary>One row of the <c>users</c> read model.</summary>
internal sealed record UserRow(
    string Id,
    string OrgId,
    bool IsHuman,
    long State,
    string UserName,
    string? FirstName,
    string? LastName,
    string? NickName,
    string? DisplayName,
    string? PreferredLanguage,
    long Gender,
    string? Email,
    bool EmailVerified,
    string? VerifiedEmail,
    DateTimeOffset? PasswordChangedAt,
    string? MachineName,
    string? MachineDescription,
    bool OtpEmail,
    long Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset ChangedAt,
    DateTimeOffset? MfaInitSkippedAt = null);
