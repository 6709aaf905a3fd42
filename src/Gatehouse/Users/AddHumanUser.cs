using Gatehouse.Kernel;
using Gatehouse.Notifications;

namespace Gatehouse.Users;

internal enum EmailVerification
{
    /// <summary>No oneof case set: a code is mailed with the default link.</summary>
    SendCode,
    ReturnCode,
    MarkVerified,

    /// <summary><c>isVerified: false</c>: no code at all, the address stays unverified.</summary>
    LeaveUnverified,
}

internal sealed record AddHumanCommand(
    string UserId,
    string? UserName,
    string GivenName,
    string FamilyName,
    string? NickName,
    string? DisplayName,
    string? PreferredLanguage,
    int Gender,
    string Email,
    EmailVerification Verification,
    string? UrlTemplate,
    string? PasswordHash,
    bool PasswordChangeRequired,
    NewCode? Code);

/// <summary>Create a human user (docs/zitadel-wire.md §6.2, docs/otp-email.md §4.3). The user is active at once.</summary>
internal static class AddHumanUser
{
    public static Decision<UserEvent> Decide(UserState state, AddHumanCommand command)
    {
        if (state.Kind != UserKind.None)
        {
            return UserErrors.UserIdExists;
        }

        var userName = (command.UserName ?? command.Email).Trim();
        if (userName.Length == 0)
        {
            return UserErrors.UserNameBlank;
        }

        if (string.IsNullOrWhiteSpace(command.GivenName))
        {
            return UserErrors.FirstNameEmpty;
        }

        if (string.IsNullOrWhiteSpace(command.FamilyName))
        {
            return UserErrors.LastNameEmpty;
        }

        if (EmailAddress.Validate(command.Email) is { } invalid)
        {
            return invalid;
        }

        var givenName = command.GivenName.Trim();
        var familyName = command.FamilyName.Trim();
        var displayName = string.IsNullOrWhiteSpace(command.DisplayName) ? $"{givenName} {familyName}" : command.DisplayName.Trim();
        var events = new List<UserEvent>
        {
            new HumanAdded(userName, givenName, familyName, command.NickName, displayName, command.PreferredLanguage,
                command.Gender, command.Email, command.PasswordHash, command.PasswordChangeRequired),
        };

        switch (command.Verification)
        {
            case EmailVerification.MarkVerified:
                events.Add(new EmailVerified());
                break;
            case EmailVerification.SendCode or EmailVerification.ReturnCode when command.Code is { } code:
                events.Add(new EmailCodeAdded(code.Hash, code.ExpiryNanoseconds, command.UrlTemplate,
                    CodeReturned: command.Verification == EmailVerification.ReturnCode));
                break;
            default:
                break;
        }

        return new Decision<UserEvent>(events) { Claims = [LoginNames.Claim(userName)] };
    }
}
