using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>The v1 email cases of docs/acceptance.md §2.1.</summary>
public sealed class EmailVerificationTests
{
    private static readonly SecretHasher Hasher = new(MasterKey.FromBytes(new byte[32]));
    private const int MaxAttemptsPerCode = 5;

    private static readonly VerificationLimits Limits = VerificationLimits.Default;

    private static NewCode Code(string plain = "ABC123") => new(plain, Hasher.Hash(VerifyEmail.CodePurpose, plain), TimeSpan.FromHours(1));

    private static VerificationSend Send(string plain = "ABC123") => new(Code(plain), "recipient-hash", 0, null, Now);

    private static EmailCodeAdded CodeAdded(string plain = "ABC123", TimeSpan? expiry = null) =>
        new(Hasher.Hash(VerifyEmail.CodePurpose, plain), (long)(expiry ?? TimeSpan.FromHours(1)).Ticks * 100, null, false);

    [Fact]
    public void Changing_to_an_invalid_email_fails_with_invalid() =>
        Given(Human()).When(s => ChangeEmail.Decide(s, "not-an-email", Send(), Limits)).ThenFails("EMAIL-599BI", ErrorKind.InvalidArgument);

    [Fact]
    public void Changing_to_an_empty_email_fails_with_empty() =>
        Given(Human()).When(s => ChangeEmail.Decide(s, "", Send(), Limits)).ThenFails("EMAIL-spblu", ErrorKind.InvalidArgument);

    [Fact]
    public void Changing_the_email_of_an_unknown_user_fails_with_email_not_found() =>
        Given().When(s => ChangeEmail.Decide(s, "new@acme.test", Send(), Limits)).ThenFails("COMMAND-0Pe4r", ErrorKind.PreconditionFailed);

    [Fact]
    public void Changing_to_the_same_address_fails_with_not_changed() =>
        Given(Human("alice@acme.test")).When(s => ChangeEmail.Decide(s, "alice@acme.test", Send(), Limits))
            .ThenFails("COMMAND-2b7fM", ErrorKind.PreconditionFailed);

    [Fact]
    public void Changing_the_email_records_the_change_and_a_code() =>
        Given(Human()).When(s => ChangeEmail.Decide(s, "new@acme.test", Send(), Limits)).Then(new EmailChanged("x"), CodeAdded());

    [Fact]
    public void Verifying_without_a_pending_code_fails_with_code_not_found() =>
        Given(Human()).When(s => VerifyEmail.Decide(s, "ABC123", Now, Hasher, MaxAttemptsPerCode)).ThenFails("COMMAND-3n8ud", ErrorKind.NotFound);

    [Fact]
    public void Verifying_with_a_wrong_code_records_the_failure_and_fails_with_invalid() =>
        Given(Human(), CodeAdded()).When(s => VerifyEmail.Decide(s, "WRONG1", Now, Hasher, MaxAttemptsPerCode))
            .ThenFails("COMMAND-Gdsgs", ErrorKind.InvalidArgument, new EmailVerificationFailed());

    [Fact]
    public void Verifying_with_an_expired_code_fails_like_a_wrong_one() =>
        Given(Human(), CodeAdded(expiry: TimeSpan.FromMinutes(5))).When(s => VerifyEmail.Decide(s, "ABC123", Now, Hasher, MaxAttemptsPerCode))
            .ThenFails("COMMAND-Gdsgs", ErrorKind.InvalidArgument, new EmailVerificationFailed());

    [Fact]
    public void Verifying_with_the_right_code_verifies_the_email() =>
        Given(Human(), CodeAdded()).When(s => VerifyEmail.Decide(s, "ABC123", Now, Hasher, MaxAttemptsPerCode)).Then(new EmailVerified());

    [Fact]
    public void A_code_cannot_be_used_twice() =>
        Given(Human(), CodeAdded(), new EmailVerified()).When(s => VerifyEmail.Decide(s, "ABC123", Now, Hasher, MaxAttemptsPerCode))
            .ThenFails("COMMAND-3n8ud", ErrorKind.NotFound);

    [Fact]
    public void A_resent_code_replaces_the_previous_one() =>
        Given(Human(), CodeAdded("FIRST1"), CodeAdded("SECOND")).When(s => VerifyEmail.Decide(s, "FIRST1", Now, Hasher, MaxAttemptsPerCode))
            .ThenFails("COMMAND-Gdsgs", ErrorKind.InvalidArgument, new EmailVerificationFailed());

    [Fact]
    public void Resending_for_an_already_verified_email_fails() =>
        Given(Human(), new EmailVerified()).When(s => ResendEmailCode.Decide(s, Send(), Limits)).ThenFails("COMMAND-3M9ds", ErrorKind.PreconditionFailed);

    [Fact]
    public void Resending_for_an_unknown_user_fails_with_not_found() =>
        Given().When(s => ResendEmailCode.Decide(s, Send(), Limits)).ThenFails("COMMAND-0Pe4r", ErrorKind.NotFound);

    [Fact]
    public void Resending_records_a_new_code() =>
        Given(Human(), CodeAdded()).When(s => ResendEmailCode.Decide(s, Send("NEW123"), Limits)).Then(CodeAdded());
}
