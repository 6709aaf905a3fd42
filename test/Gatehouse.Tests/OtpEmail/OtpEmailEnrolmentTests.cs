using Gatehouse.OtpEmail;
using Gatehouse.Users;
using static Gatehouse.Tests.OtpEmail.OtpEmailScenario;

namespace Gatehouse.Tests.OtpEmail;

/// <summary>The enrolment cases of docs/acceptance.md §1.1 and §1.2, and the notice when the factor is removed.</summary>
public sealed class OtpEmailEnrolmentTests
{
    [Fact]
    public void Adding_otp_email_without_a_user_id_fails_with_user_id_missing() =>
        Given([]).When((s, p) => AddOtpEmail.Decide(s, "", p)).ThenFails(OtpEmailErrors.AddUserIdMissing);

    [Fact]
    public void Adding_otp_email_twice_fails_with_already_ready() =>
        Given(Enrolled()).When(Add).ThenFails(OtpEmailErrors.AlreadyReady);

    [Fact]
    public void Adding_otp_email_without_a_verified_email_fails_with_not_ready() =>
        Given([Human()]).When(Add).ThenFails(OtpEmailErrors.NotReady);

    [Fact]
    public void Adding_otp_email_for_an_unknown_user_fails_with_not_ready() =>
        Given([]).When(Add).ThenFails(OtpEmailErrors.NotReady);

    [Fact]
    public void Adding_otp_email_for_a_machine_user_fails_with_not_ready() =>
        Given([new MachineAdded("svc", "Service", null)]).When(Add).ThenFails(OtpEmailErrors.NotReady);

    [Fact]
    public void Adding_otp_email_with_a_verified_email_records_it() =>
        Given([Human(), new EmailChanged("email@test.ch"), new EmailVerified()]).When(Add).Then(new OtpEmailAdded());

    [Fact]
    public void An_email_verified_once_is_enough_even_after_changing_to_an_unverified_address() =>
        Given([Human(), new EmailVerified(), new EmailChanged("new@acme.test")]).When(Add).Then(new OtpEmailAdded());

    [Fact]
    public void A_locked_user_can_still_add_otp_email_as_in_zitadel() =>
        Given([Human(), new EmailVerified(), new UserLocked()]).When(Add).Then(new OtpEmailAdded());

    [Fact]
    public void A_removed_user_cannot_add_otp_email() =>
        Given([Human(), new EmailVerified(), new UserRemoved()]).When(Add).ThenFails(OtpEmailErrors.NotReady);

    [Fact]
    public void Adding_again_after_removing_works() =>
        Given(Enrolled(new OtpEmailRemoved())).When(Add).Then(new OtpEmailAdded());

    [Fact]
    public void An_organization_that_disallows_otp_email_refuses_enrolment() =>
        Given([Human(), new EmailVerified()]).With(OtpEmailPolicy.Default with { DisallowedOrganizations = [OrgId] }).When(Add)
            .ThenFails(OtpEmailErrors.NotAllowed);

    [Fact]
    public void Other_organizations_are_not_affected_by_a_disallowing_one() =>
        Given([Human(), new EmailVerified()]).With(OtpEmailPolicy.Default with { DisallowedOrganizations = ["other-org"] }).When(Add)
            .Then(new OtpEmailAdded());

    [Fact]
    public void Removing_otp_email_without_a_user_id_fails_with_user_id_missing() =>
        Given([]).When((s, _) => RemoveOtpEmail.Decide(s, "", Now)).ThenFails(OtpEmailErrors.RemoveUserIdMissing);

    [Fact]
    public void Removing_otp_email_that_was_never_added_fails_with_not_existing() =>
        Given([Human(), new EmailVerified()]).When(Remove).ThenFails(OtpEmailErrors.NotExisting);

    [Fact]
    public void Removing_added_otp_email_records_the_removal() =>
        Given(Enrolled()).When(Remove).Then(new OtpEmailRemoved());

    [Fact]
    public void Removing_needs_no_verified_email() =>
        Given(Enrolled(new EmailChanged("other@acme.test"))).When(Remove).Then(new OtpEmailRemoved());

    [Fact]
    public void Removing_otp_email_tells_the_verified_address_in_the_users_language()
    {
        var scenario = Given([Human(language: "de"), new EmailVerified(), new OtpEmailAdded(), new EmailChanged("new@acme.test")]).When(Remove);

        var notice = Assert.Single(scenario.Mails);
        Assert.Equal(("OtpEmailRemovedNotice", "alice@acme.test", "de"), (notice.Template, notice.Recipient, notice.Language));
        Assert.Equal("2025-01-02 03:04 UTC", notice.Values["Time"]);
        Assert.Equal("alice", notice.Values["LoginName"]);
        Assert.Null(notice.SentEvent);
    }

    [Fact]
    public void A_refused_removal_mails_nothing() =>
        Assert.Empty(Given([Human(), new EmailVerified()]).When(Remove).Mails);

    private static Gatehouse.Kernel.Decision<UserEvent> Add(OtpEmailState state, OtpEmailPolicy policy) => AddOtpEmail.Decide(state, UserId, policy);

    private static Gatehouse.Kernel.Decision<UserEvent> Remove(OtpEmailState state, OtpEmailPolicy policy) => RemoveOtpEmail.Decide(state, UserId, Now);
}
