using System.Globalization;
using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// Mails that tell the user about a change to how they sign in (OWASP ASVS 5.0 V6.3.7, SECURITY.md): the email
/// address changed, or OTP Email was removed. They go to the verified address, the one the owner proved to read and
/// where codes went until now, so someone who changes the address with a stolen password cannot keep the owner from
/// hearing of it. They hold no code, no link and not the new address, only what changed and when.
/// </summary>
internal static class SecurityNotice
{
    public const string EmailChanged = "EmailChangedNotice";

    // Still worth delivering after an SMTP outage of a day; after that the owner has long noticed otherwise.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <summary>The notice to the user's verified address, or none if the user never verified one.</summary>
    public static IReadOnlyList<MailRequest> For(NoticeAddressee to, string template, DateTimeOffset now) =>
        to?.VerifiedEmail is not { Length: > 0 } recipient
            ? []
            :
            [
                new MailRequest(template, recipient, to.Language,
                    new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["DisplayName"] = to.DisplayName,
                        ["LoginName"] = to.LoginName,
                        ["Time"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                    },
                    now + Lifetime),
            ];
}
