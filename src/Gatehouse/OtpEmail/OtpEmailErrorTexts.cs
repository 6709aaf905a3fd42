using Gatehouse.Kernel;

namespace Gatehouse.OtpEmail;

/// <summary>
/// The English and German texts of the i18n keys only OTP Email raises, as ZITADEL bundles them. Keys it shares with
/// other user operations (<c>Errors.User.Code.Invalid</c>, <c>Errors.User.Locked</c>, …) keep their text in Users.
/// </summary>
internal static class OtpEmailErrorTexts
{
    public static readonly IReadOnlyDictionary<string, ErrorText> All = new Dictionary<string, ErrorText>(StringComparer.Ordinal)
    {
        ["Errors.User.MFA.OTP.AlreadyReady"] = new("Multifactor OTP (OneTimePassword) is already set up", "Multifaktor OTP (OneTimePassword) ist bereits eingerichtet"),
        ["Errors.User.MFA.OTP.NotReady"] = new("Multifactor OTP (OneTimePassword) isn't ready", "Multifaktor OTP (OneTimePassword) ist nicht bereit"),
        ["Errors.User.MFA.OTP.NotExisting"] = new("Multifactor OTP (OneTimePassword) doesn't exist", "Multifaktor OTP (OneTimePassword) existiert nicht"),
        ["Errors.User.Code.Expired"] = new("Code is expired", "Code ist abgelaufen"),
    };
}
