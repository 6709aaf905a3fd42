using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>Enrol "one-time password by email" (docs/otp-email.md §3.2). Permission is checked by the caller first.</summary>
internal static class AddOtpEmail
{
    public static Decision<UserEvent> Decide(OtpEmailState state, string userId, OtpEmailPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrEmpty(userId))
        {
            return OtpEmailErrors.AddUserIdMissing;
        }

        // Organizations that need higher assurance can turn the factor off: NIST SP 800-63B §5.1.3.1 does not accept
        // email as an out-of-band authenticator. An unknown user has no organization and fails as not ready below.
        if (state.UserVersion.Exists && !policy.AllowedIn(state.OrganizationId))
        {
            return OtpEmailErrors.NotAllowed;
        }

        if (state.Added)
        {
            return OtpEmailErrors.AlreadyReady;
        }

        // ZITADEL asks only whether an email was ever verified: unknown, machine and removed users fail here too.
        if (!state.EmailEverVerified)
        {
            return OtpEmailErrors.NotReady;
        }

        return Decision<UserEvent>.Accept(new OtpEmailAdded());
    }
}
