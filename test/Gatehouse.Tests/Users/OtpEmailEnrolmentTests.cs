using Gatehouse.Domain;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>The enrolment cases of docs/acceptance.md §1.1 and §1.2.</summary>
public sealed class OtpEmailEnrolmentTests
{
    [Fact]
    public void Adding_otp_email_without_a_user_id_fails_with_user_id_missing() =>
        Given().When(s => AddOtpEmail.Decide(s, "")).ThenFails("COMMAND-Sg1hz", ErrorKind.InvalidArgument);

    [Fact]
    public void Adding_otp_email_twice_fails_with_already_ready() =>
        Given(Human(), new EmailVerified(), new OtpEmailAdded()).When(s => AddOtpEmail.Decide(s, "user1"))
            .ThenFails("COMMAND-MKL2s", ErrorKind.AlreadyExists);

    [Fact]
    public void Adding_otp_email_without_a_verified_email_fails_with_not_ready() =>
        Given(Human()).When(s => AddOtpEmail.Decide(s, "user1")).ThenFails("COMMAND-KLJ2d", ErrorKind.PreconditionFailed);

    [Fact]
    public void Adding_otp_email_for_an_unknown_user_fails_with_not_ready() =>
        Given().When(s => AddOtpEmail.Decide(s, "user1")).ThenFails("COMMAND-KLJ2d", ErrorKind.PreconditionFailed);

    [Fact]
    public void Adding_otp_email_for_a_machine_user_fails_with_not_ready() =>
        Given(new MachineAdded("svc", "Service", null)).When(s => AddOtpEmail.Decide(s, "user1"))
            .ThenFails("COMMAND-KLJ2d", ErrorKind.PreconditionFailed);

    [Fact]
    public void Adding_otp_email_with_a_verified_email_records_it() =>
        Given(Human(), new EmailChanged("email@test.ch"), new EmailVerified()).When(s => AddOtpEmail.Decide(s, "user1"))
            .Then(new OtpEmailAdded());

    [Fact]
    public void An_email_verified_once_is_enough_even_after_changing_to_an_unverified_address() =>
        Given(Human(), new EmailVerified(), new EmailChanged("new@acme.test")).When(s => AddOtpEmail.Decide(s, "user1"))
            .Then(new OtpEmailAdded());

    [Fact]
    public void A_locked_user_can_still_add_otp_email_as_in_zitadel() =>
        Given(Human(), new EmailVerified(), new UserLocked()).When(s => AddOtpEmail.Decide(s, "user1")).Then(new OtpEmailAdded());

    [Fact]
    public void A_removed_user_cannot_add_otp_email() =>
        Given(Human(), new EmailVerified(), new UserRemoved()).When(s => AddOtpEmail.Decide(s, "user1"))
            .ThenFails("COMMAND-KLJ2d", ErrorKind.PreconditionFailed);

    [Fact]
    public void Adding_again_after_removing_works() =>
        Given(Human(), new EmailVerified(), new OtpEmailAdded(), new OtpEmailRemoved()).When(s => AddOtpEmail.Decide(s, "user1"))
            .Then(new OtpEmailAdded());

    [Fact]
    public void An_organization_that_disallows_otp_email_refuses_enrolment() =>
        Given(Human(), new EmailVerified()).When(s => AddOtpEmail.Decide(s, "user1", allowedInOrganization: false))
            .ThenFails("POLICY-otpEmail", ErrorKind.PreconditionFailed);

    [Fact]
    public void Removing_otp_email_without_a_user_id_fails_with_user_id_missing() =>
        Given().When(s => RemoveOtpEmail.Decide(s, "", Now)).ThenFails("COMMAND-S2h11", ErrorKind.InvalidArgument);

    [Fact]
    public void Removing_otp_email_that_was_never_added_fails_with_not_existing() =>
        Given(Human(), new EmailVerified()).When(s => RemoveOtpEmail.Decide(s, "user1", Now)).ThenFails("COMMAND-b312D", ErrorKind.NotFound);

    [Fact]
    public void Removing_added_otp_email_records_the_removal() =>
        Given(Human(), new EmailVerified(), new OtpEmailAdded()).When(s => RemoveOtpEmail.Decide(s, "user1", Now)).Then(new OtpEmailRemoved());

    [Fact]
    public void Removing_needs_no_verified_email() =>
        Given(Human(), new EmailVerified(), new OtpEmailAdded(), new EmailChanged("other@acme.test"))
            .When(s => RemoveOtpEmail.Decide(s, "user1", Now)).Then(new OtpEmailRemoved());
}
