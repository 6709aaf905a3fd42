using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>ZITADEL's default password complexity policy: at least 8 characters with lower, upper, number and symbol.</summary>
internal static class PasswordPolicy
{
    public const int MinLength = 8;

    public static DomainError? Validate(string password)
    {
        if (password.Length < MinLength)
        {
            return UserErrors.PasswordTooShort;
        }

        if (!password.Any(char.IsLower))
        {
            return UserErrors.PasswordNoLower;
        }

        if (!password.Any(char.IsUpper))
        {
            return UserErrors.PasswordNoUpper;
        }

        if (!password.Any(char.IsDigit))
        {
            return UserErrors.PasswordNoNumber;
        }

        return password.Any(c => !char.IsLetterOrDigit(c)) ? null : UserErrors.PasswordNoSymbol;
    }
}
