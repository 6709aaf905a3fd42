using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>Lock, delete and "skipped second-factor set-up": ZITADEL's checks and ids, decided on folded user events.</summary>
public sealed class UserLifecycleTests
{
    private const string UserId = "u1";

    [Fact]
    public void An_active_user_is_locked() =>
        Given(Human()).When(s => LockUser.Decide(s, UserId)).Then(new UserLocked());

    [Fact]
    public void A_locked_user_is_not_locked_again() =>
        Given(Human(), new UserLocked()).When(s => LockUser.Decide(s, UserId)).ThenFails("COMMAND-lgws8wtsqf", ErrorKind.PreconditionFailed);

    [Fact]
    public void A_removed_user_cannot_be_locked() =>
        Given(Human(), new UserRemoved()).When(s => LockUser.Decide(s, UserId)).ThenFails("COMMAND-450yxuqrh1", ErrorKind.NotFound);

    [Fact]
    public void Removing_a_user_frees_their_login_name()
    {
        var decision = Given(Human()).When(s => RemoveUser.Decide(s, UserId));

        decision.Then(new UserRemoved());
        var released = RemoveUser.Decide(decision.State, UserId).Releases;
        Assert.Equal([LoginNames.Claim("alice")], released);
    }

    [Fact]
    public void A_user_is_removed_only_once() =>
        Given(Human(), new UserRemoved()).When(s => RemoveUser.Decide(s, UserId)).ThenFails("COMMAND-bd4ir1mblj", ErrorKind.NotFound);

    [Fact]
    public void A_locked_user_can_still_be_removed() =>
        Given(Human(), new UserLocked()).When(s => RemoveUser.Decide(s, UserId)).Then(new UserRemoved());

    [Fact]
    public void A_missing_user_id_is_an_invalid_argument_for_each_call()
    {
        var state = Given(Human()).State;

        Assert.Equal("COMMAND-agz3eczifm", LockUser.Decide(state, "").Error?.Id);
        Assert.Equal("COMMAND-vaipl7s13l", RemoveUser.Decide(state, "").Error?.Id);
        Assert.Equal("COMMAND-Wei5kooz1i", SkipMfaInit.Decide(state, "").Error?.Id);
    }

    [Fact]
    public void A_human_may_skip_the_second_factor_set_up_again_and_again() =>
        Given(Human(), new MfaInitSkipped()).When(s => SkipMfaInit.Decide(s, UserId)).Then(new MfaInitSkipped());

    [Fact]
    public void A_machine_user_has_no_second_factor_set_up_to_skip() =>
        Given(new MachineAdded("svc", "Service", null)).When(s => SkipMfaInit.Decide(s, UserId)).ThenFails("QUERY-pt7HY", ErrorKind.PreconditionFailed);

    [Fact]
    public void An_unknown_user_cannot_skip() =>
        Given().When(s => SkipMfaInit.Decide(s, UserId)).ThenFails("COMMAND-auj6jeBei4", ErrorKind.NotFound);
}
