using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>v1 ResendMyEmailVerification: a new code replaces the previous one (otp-email-behaviour §4.2).</summary>
internal static class ResendEmailCode
{
    public static Decision<UserEvent> Decide(UserState state, NewCode code)
    {
        if (!state.IsHuman)
        {
            return UserErrors.ResendNoHuman;
        }

        if (state.EmailVerified)
        {
            return UserErrors.EmailAlreadyVerified;
        }

        return Decision<UserEvent>.Accept(new EmailCodeAdded(code.Hash, code.ExpiryNanoseconds, UrlTemplate: null, CodeReturned: false));
    }
}
