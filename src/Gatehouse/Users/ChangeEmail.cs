using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>v1 SetMyEmail: a new address is unverified and gets a code (otp-email-behaviour §4.2).</summary>
internal static class ChangeEmail
{
    public static Decision<UserEvent> Decide(UserState state, string email, NewCode code)
    {
        if (EmailAddress.Validate(email) is { } invalid)
        {
            return invalid;
        }

        if (!state.IsHuman)
        {
            return UserErrors.SetEmailNoHuman;
        }

        // Byte-exact, untrimmed comparison, as ZITADEL.
        if (string.Equals(state.Email, email, StringComparison.Ordinal))
        {
            return UserErrors.EmailNotChanged;
        }

        return Decision<UserEvent>.Accept(
            new EmailChanged(email),
            new EmailCodeAdded(code.Hash, code.ExpiryNanoseconds, UrlTemplate: null, CodeReturned: false));
    }
}
