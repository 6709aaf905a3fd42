using System.Collections;
using System.Globalization;
using System.Resources;
using Gatehouse.Kernel;
using Gatehouse.Login;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;

namespace Gatehouse.Tests.Login;

/// <summary>Which message a refused login step shows, and that every text of the pages exists in each language.</summary>
public sealed class LoginMessagesTests
{
    [Fact]
    public void A_wrong_password_says_so_whatever_the_count_of_failures() =>
        Assert.Equal(LoginMessage.ErrorPassword, LoginMessages.ForPassword(SessionErrors.PasswordInvalid(3)));

    [Fact]
    public void A_password_check_on_a_locked_user_says_the_account_is_locked() =>
        Assert.Equal(LoginMessage.ErrorLocked, LoginMessages.ForPassword(SessionErrors.PasswordUserLocked(10)));

    [Fact]
    public void A_user_without_a_password_is_told_so() =>
        Assert.Equal(LoginMessage.ErrorNoPassword, LoginMessages.ForPassword(SessionErrors.PasswordNotSet));

    [Fact]
    public void Any_other_refused_password_check_asks_to_start_again() =>
        Assert.Equal(LoginMessage.ErrorSessionGone, LoginMessages.ForPassword(SessionErrors.Terminated));

    [Fact]
    public void An_error_with_the_id_of_a_wrong_password_but_another_key_is_not_taken_for_one() =>
        Assert.Equal(LoginMessage.ErrorSessionGone,
            LoginMessages.ForPassword(new DomainError(ErrorKind.InvalidArgument, SessionErrors.PasswordInvalid(0).Id, "Errors.Other")));

    [Theory]
    [InlineData(nameof(OtpEmailErrors.CodeInvalid), nameof(LoginMessage.ErrorCodeWrong))]
    [InlineData(nameof(OtpEmailErrors.CodeEmpty), nameof(LoginMessage.ErrorCodeWrong))]
    [InlineData(nameof(OtpEmailErrors.CodeExpired), nameof(LoginMessage.ErrorCodeExpired))]
    [InlineData(nameof(OtpEmailErrors.NoOpenChallenge), nameof(LoginMessage.ErrorCodeUsedUp))]
    [InlineData(nameof(OtpEmailErrors.UserLocked), nameof(LoginMessage.ErrorLocked))]
    [InlineData(nameof(OtpEmailErrors.CheckNotReady), nameof(LoginMessage.ErrorSessionGone))]
    public void Each_refused_code_gets_its_own_message(string error, string expected) =>
        Assert.Equal(expected, LoginMessages.ForCode(error switch
        {
            nameof(OtpEmailErrors.CodeInvalid) => OtpEmailErrors.CodeInvalid,
            nameof(OtpEmailErrors.CodeEmpty) => OtpEmailErrors.CodeEmpty,
            nameof(OtpEmailErrors.CodeExpired) => OtpEmailErrors.CodeExpired,
            nameof(OtpEmailErrors.NoOpenChallenge) => OtpEmailErrors.NoOpenChallenge,
            nameof(OtpEmailErrors.UserLocked) => OtpEmailErrors.UserLocked,
            _ => OtpEmailErrors.CheckNotReady,
        }).ToString());

    [Fact]
    public void A_refused_send_to_a_locked_user_says_the_account_is_locked() =>
        Assert.Equal(LoginMessage.ErrorLocked, LoginMessages.ForSend(OtpEmailErrors.UserLocked));

    [Theory]
    [InlineData("de")]
    public void Every_text_of_the_pages_is_translated(string language)
    {
        var english = Keys(CultureInfo.InvariantCulture);
        var translated = Keys(CultureInfo.GetCultureInfo(language));
        Assert.Empty(english.Except(translated));
        Assert.Empty(translated.Except(english));
        Assert.All(Enum.GetNames<LoginMessage>(), name => Assert.Contains(name, english));
    }

    private static HashSet<string> Keys(CultureInfo culture)
    {
        var resources = new ResourceManager("Gatehouse.Login.LoginTexts", typeof(LoginTexts).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No texts for {culture.Name}.");
        return [.. set.Cast<DictionaryEntry>().Select(entry => (string)entry.Key)];
    }
}
