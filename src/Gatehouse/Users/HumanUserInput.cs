using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Zitadel.User.V2;
using Gatehouse.Notifications;
using Gatehouse.Transport;

namespace Gatehouse.Users;

/// <summary>
/// Turns the v2 human-user request parts (profile, email, password), shared by AddHumanUser and CreateUser, into an
/// <see cref="AddHumanCommand"/>: validation in protoc-gen-validate's words, the password policy, hashing, codes.
/// </summary>
internal sealed class HumanUserInput(EmailCodes emailCodes)
{
    public static readonly string[] EmailTemplateFields = ["UserID", "Code", "OrgID"];

    // Long: maps the fields of ZITADEL's AddHumanUser request in the proto's order, one check each; it decides nothing.
    public AddHumanCommand ToCommand(string message, string userId, string? userName, SetHumanProfile? profile, SetHumanEmail? email,
        Password? password, HashedPassword? hashedPassword)
    {
        if (profile is null)
        {
            throw ValidationErrors.Required($"{message}.Profile");
        }

        if (email is null)
        {
            throw ValidationErrors.Required($"{message}.Email");
        }

        ValidationErrors.RequireLength(profile.GivenName, "SetHumanProfile.GivenName");
        ValidationErrors.RequireLength(profile.FamilyName, "SetHumanProfile.FamilyName");
        ValidationErrors.RequireLength(email.Email, "SetHumanEmail.Email");
        if (profile.HasNickName && profile.NickName.Length > 200)
        {
            throw ValidationErrors.MaxLength("SetHumanProfile.NickName", 200);
        }

        if (profile.HasDisplayName && profile.DisplayName.Length > 200)
        {
            throw ValidationErrors.MaxLength("SetHumanProfile.DisplayName", 200);
        }

        if (profile.HasPreferredLanguage && profile.PreferredLanguage.Length > 10)
        {
            throw ValidationErrors.MaxLength("SetHumanProfile.PreferredLanguage", 10);
        }

        var (verification, urlTemplate) = email.VerificationCase switch
        {
            SetHumanEmail.VerificationOneofCase.IsVerified => (email.IsVerified ? EmailVerification.MarkVerified : EmailVerification.LeaveUnverified, null),
            SetHumanEmail.VerificationOneofCase.ReturnCode => (EmailVerification.ReturnCode, null),
            SetHumanEmail.VerificationOneofCase.SendCode => (EmailVerification.SendCode, email.SendCode.HasUrlTemplate ? email.SendCode.UrlTemplate : null),
            _ => (EmailVerification.SendCode, (string?)null),
        };
        if (urlTemplate is not null)
        {
            ValidationErrors.RequireLength(urlTemplate, "SendEmailVerificationCode.UrlTemplate");
            ValidateTemplate(urlTemplate);
        }

        string? hash = null;
        var changeRequired = false;
        if (password is not null)
        {
            ValidationErrors.RequireLength(password.Password_, "Password.Password");
            if (PasswordPolicy.Validate(password.Password_) is { } weak)
            {
                throw new DomainException(weak);
            }

            hash = PasswordHasher.Hash(password.Password_);
            changeRequired = password.ChangeRequired;
        }
        else if (hashedPassword is not null)
        {
            // Only our own hash format is accepted; ZITADEL also refuses formats it cannot verify (USER-JDk4t).
            if (!hashedPassword.Hash.StartsWith("$argon2id$", StringComparison.Ordinal))
            {
                throw new DomainException(new DomainError(ErrorKind.InvalidArgument, "USER-JDk4t", "Errors.User.Password.NotSupported"));
            }

            hash = hashedPassword.Hash;
            changeRequired = hashedPassword.ChangeRequired;
        }

        var code = verification is EmailVerification.SendCode or EmailVerification.ReturnCode ? emailCodes.NewVerificationCode() : null;
        return new AddHumanCommand(userId, userName, profile.GivenName, profile.FamilyName,
            profile.HasNickName ? profile.NickName : null, profile.HasDisplayName ? profile.DisplayName : null,
            profile.HasPreferredLanguage ? profile.PreferredLanguage : null, profile.HasGender ? (int)profile.Gender : 0,
            email.Email, verification, urlTemplate, hash, changeRequired, code);
    }

    public static void ValidateTemplate(string template)
    {
        switch (UrlTemplate.Validate(template, EmailTemplateFields))
        {
            case UrlTemplate.Problem.Parse:
                throw new DomainException(UserErrors.UrlTemplateInvalid);
            case UrlTemplate.Problem.Render:
                throw new DomainException(UserErrors.UrlTemplateRenderFailed);
            default:
                break;
        }
    }
}
