using System.Text.RegularExpressions;
using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>Email syntax as the WHATWG HTML "valid email address" production, which is what ZITADEL checks too.</summary>
internal static partial class EmailAddress
{
    public static DomainError? Validate(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return UserErrors.EmailEmpty;
        }

        return email.Length <= 200 && Pattern().IsMatch(email) ? null : UserErrors.EmailInvalid;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
