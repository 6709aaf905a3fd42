using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>AddHumanUser, machine users and personal access tokens (docs/acceptance.md §4.1, §4.4).</summary>
public sealed class UserCreationTests
{
    private static readonly NewCode Code = new("ABC123", "hash", TimeSpan.FromHours(1));

    private static AddHumanCommand Command(EmailVerification verification = EmailVerification.SendCode, string? userName = null,
        string given = "Alice", string family = "Doe") =>
        new("user1", userName, given, family, null, null, "en", 0, "alice@acme.test", verification, null, "$argon2id$…", false,
            verification is EmailVerification.SendCode or EmailVerification.ReturnCode ? Code : null);

    [Fact]
    public void A_verified_email_adds_the_user_and_the_verification() =>
        Given().When(s => AddHumanUser.Decide(s, Command(EmailVerification.MarkVerified))).Then(Human(), new EmailVerified());

    [Fact]
    public void A_returned_code_adds_the_user_and_a_code() =>
        Given().When(s => AddHumanUser.Decide(s, Command(EmailVerification.ReturnCode)))
            .Then(Human(), new EmailCodeAdded("h", 1, null, true));

    [Fact]
    public void Is_verified_false_adds_the_user_without_any_code() =>
        Given().When(s => AddHumanUser.Decide(s, Command(EmailVerification.LeaveUnverified))).Then(Human());

    [Fact]
    public void An_existing_user_id_fails_with_already_existing() =>
        Given(Human()).When(s => AddHumanUser.Decide(s, Command())).ThenFails("COMMAND-7yiox1isql", ErrorKind.PreconditionFailed);

    [Fact]
    public void A_blank_username_fails() =>
        Given().When(s => AddHumanUser.Decide(s, Command(userName: "   "))).ThenFails("V2-zzad3", ErrorKind.InvalidArgument);

    [Fact]
    public void A_blank_given_name_fails() =>
        Given().When(s => AddHumanUser.Decide(s, Command(given: " "))).ThenFails("USER-UCej2", ErrorKind.InvalidArgument);

    [Fact]
    public void A_blank_family_name_fails() =>
        Given().When(s => AddHumanUser.Decide(s, Command(family: " "))).ThenFails("USER-4hB7d", ErrorKind.InvalidArgument);

    [Fact]
    public void The_username_is_trimmed_and_claimed_case_insensitively()
    {
        var decision = AddHumanUser.Decide(new UserState(), Command(userName: " Alice.Doe "));
        Assert.Equal("Alice.Doe", Assert.IsType<HumanAdded>(decision.Events[0]).UserName);
        Assert.Equal(LoginNames.Claim("alice.doe"), Assert.Single(decision.Claims));
    }

    [Fact]
    public void The_username_defaults_to_the_email()
    {
        var decision = AddHumanUser.Decide(new UserState(), Command());
        Assert.Equal("alice@acme.test", Assert.IsType<HumanAdded>(decision.Events[0]).UserName);
    }

    [Theory]
    [InlineData("Short1!", "DOMAIN-HuJf6")]
    [InlineData("NOLOWER1!", "DOMAIN-co3Xw")]
    [InlineData("noupper1!", "DOMAIN-VoaRj")]
    [InlineData("NoNumber!", "DOMAIN-ZBv4H")]
    [InlineData("NoSymbol1", "DOMAIN-ZDLwA")]
    public void Weak_passwords_fail_the_default_policy(string password, string errorId) =>
        Assert.Equal(errorId, PasswordPolicy.Validate(password)?.Id);

    [Fact]
    public void A_strong_password_passes_the_default_policy() => Assert.Null(PasswordPolicy.Validate("DifficultPW666!"));

    [Fact]
    public void A_personal_access_token_for_an_unknown_user_fails() =>
        Given().When(s => AddPersonalAccessToken.Decide(s, "user1", "t1", "h", null, Now)).ThenFails("COMMAND-Dggw2", ErrorKind.PreconditionFailed);

    [Fact]
    public void A_personal_access_token_for_a_human_fails_with_wrong_type() =>
        Given(Human()).When(s => AddPersonalAccessToken.Decide(s, "user1", "t1", "h", null, Now)).ThenFails("COMMAND-Df2f1", ErrorKind.PreconditionFailed);

    [Fact]
    public void A_personal_access_token_expiring_in_the_past_fails() =>
        Given(new MachineAdded("svc", "svc", null)).When(s => AddPersonalAccessToken.Decide(s, "user1", "t1", "h", Now.AddDays(-1), Now))
            .ThenFails("DOMAIN-dv3t5", ErrorKind.InvalidArgument);

    [Fact]
    public void A_personal_access_token_without_expiry_never_expires()
    {
        var machine = UserState.From([]).Apply(new MachineAdded("svc", "svc", null), Now);
        var decision = AddPersonalAccessToken.Decide(machine, "user1", "t1", "h", null, Now);
        var added = Assert.IsType<PersonalAccessTokenAdded>(Assert.Single(decision.Events));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), added.Expiration);
        Assert.Contains("openid", added.Scopes);
    }
}
