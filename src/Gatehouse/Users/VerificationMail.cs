using Gatehouse.Kernel;
using Gatehouse.Notifications;

namespace Gatehouse.Users;

/// <summary>The "verify your email" mail (ZITADEL's message type VerifyEmail): to the new, still unverified address.</summary>
internal static class VerificationMail
{
    public const string Template = "VerifyEmail";

    public static MailRequest For(string userId, string orgId, string email, string displayName, string? language, NewCode code, DateTimeOffset now, string? urlTemplate) =>
        new(Template, email, language,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Code"] = code.Plain,
                ["UserID"] = userId,
                ["OrgID"] = orgId,
                ["DisplayName"] = displayName,
                ["UrlTemplate"] = urlTemplate ?? "",
            },
            now + code.ExpiresAfter,
            SentEvent: "user.human.email.code.sent");
}
