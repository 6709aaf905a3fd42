using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>Enrol "one-time password by email" (otp-email-behaviour §3.2). Permission is checked by the caller first.</summary>
internal static class AddOtpEmail
{
    public static Decision<UserEvent> Decide(UserState state, string userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.AddOtpUserIdMissing;
        }

        if (state.OtpEmailAdded)
        {
            return UserErrors.OtpAlreadyReady;
        }

        // ZITADEL asks only whether an email was ever verified: unknown, machine and removed users fail here too.
        if (!state.EmailEverVerified)
        {
            return UserErrors.OtpNotReady;
        }

        return Decision<UserEvent>.Accept(new OtpEmailAdded());
    }
}
