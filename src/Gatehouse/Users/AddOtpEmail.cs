using Gatehouse.Domain;

namespace Gatehouse.Users;

/// <summary>Enrol "one-time password by email" (docs/otp-email.md §3.2). Permission is checked by the caller first.</summary>
internal static class AddOtpEmail
{
    /// <param name="allowedInOrganization">
    /// False where the user's organization requires higher assurance: NIST SP 800-63B §5.1.3.1 does not accept email
    /// as an out-of-band authenticator, so such organizations can turn the factor off.
    /// </param>
    public static Decision<UserEvent> Decide(UserState state, string userId, bool allowedInOrganization = true)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.AddOtpUserIdMissing;
        }

        if (!allowedInOrganization)
        {
            return UserErrors.OtpEmailNotAllowed;
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
