using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>Machine users' client secrets and keys (docs/zitadel-wire.md §6.7, §8.6).</summary>
public sealed class MachineCredentialTests
{
    private static readonly MachineAdded Machine = new("svc", "Service", null);

    [Fact]
    public void A_machine_user_gets_a_secret_as_its_hash() =>
        Given(Machine).When(s => SetMachineSecret.Decide(s, "hash")).Then(new MachineSecretSet("hash"));

    [Fact]
    public void A_new_secret_replaces_the_old_one()
    {
        var state = Given(Machine, new MachineSecretSet("old"), new MachineSecretSet("new")).State;
        Assert.Equal("new", state.MachineSecretHash);
    }

    [Fact]
    public void A_human_user_gets_no_secret_since_for_a_secret_it_does_not_exist() =>
        Given(Human()).When(s => SetMachineSecret.Decide(s, "hash")).ThenFails("COMMAND-x8910n", ErrorKind.PreconditionFailed);

    [Fact]
    public void An_unknown_user_gets_no_secret() =>
        Given().When(s => SetMachineSecret.Decide(s, "hash")).ThenFails("COMMAND-x8910n", ErrorKind.PreconditionFailed);

    [Fact]
    public void Removing_the_secret_records_its_removal() =>
        Given(Machine, new MachineSecretSet("hash")).When(RemoveMachineSecret.Decide).Then(new MachineSecretRemoved());

    [Fact]
    public void Removing_a_secret_that_is_not_there_fails_with_not_existing() =>
        Given(Machine, new MachineSecretSet("hash"), new MachineSecretRemoved()).When(RemoveMachineSecret.Decide)
            .ThenFails("COMMAND-coi82n", ErrorKind.PreconditionFailed);

    [Fact]
    public void A_removed_user_keeps_no_secret_and_no_keys()
    {
        var state = Given(Machine, new MachineSecretSet("hash"), Key("k1"), new UserRemoved()).State;
        Assert.Null(state.MachineSecretHash);
        Assert.Empty(state.MachineKeys);
    }

    [Fact]
    public void A_machine_user_gets_a_key_without_expiry_until_the_end_of_9999()
    {
        var decision = AddMachineKey.Decide(Given(Machine).State, "k1", "PEM", null, Now);
        var added = Assert.IsType<MachineKeyAdded>(Assert.Single(decision.Events));
        Assert.Equal(AddPersonalAccessToken.NoExpiry, added.ExpirationDate);
        Assert.Equal(AddMachineKey.JsonType, added.Type);
        Assert.Equal("PEM", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(added.PublicKey)));
    }

    [Fact]
    public void A_key_expiring_in_the_past_is_refused() =>
        Given(Machine).When(s => AddMachineKey.Decide(s, "k1", "PEM", Now.AddSeconds(-1), Now)).ThenFails("DOMAIN-dv3t5", ErrorKind.InvalidArgument);

    [Fact]
    public void A_human_user_gets_no_key() =>
        Given(Human()).When(s => AddMachineKey.Decide(s, "k1", "PEM", null, Now)).ThenFails("COMMAND-bnipwm1", ErrorKind.PreconditionFailed);

    [Fact]
    public void A_key_can_be_removed_once() =>
        Given(Machine, Key("k1")).When(s => RemoveMachineKey.Decide(s, "k1")).Then(new MachineKeyRemoved("k1"));

    [Fact]
    public void Removing_an_unknown_or_removed_key_fails_with_not_found()
    {
        Given(Machine, Key("k1")).When(s => RemoveMachineKey.Decide(s, "k2")).ThenFails("COMMAND-4m77G", ErrorKind.NotFound);
        Given(Machine, Key("k1"), new MachineKeyRemoved("k1")).When(s => RemoveMachineKey.Decide(s, "k1")).ThenFails("COMMAND-4m77G", ErrorKind.NotFound);
    }

    [Fact]
    public void A_supplied_public_key_must_be_an_rsa_pkix_pem_of_at_least_2048_bits()
    {
        using var strong = System.Security.Cryptography.RSA.Create(2048);
        using var weak = System.Security.Cryptography.RSA.Create(1024);
        Assert.NotNull(MachineKeyMaterial.NormalisedPublicKey(System.Text.Encoding.ASCII.GetBytes(strong.ExportSubjectPublicKeyInfoPem())));
        Assert.Null(MachineKeyMaterial.NormalisedPublicKey(System.Text.Encoding.ASCII.GetBytes(weak.ExportSubjectPublicKeyInfoPem())));
        Assert.Null(MachineKeyMaterial.NormalisedPublicKey(System.Text.Encoding.ASCII.GetBytes(strong.ExportRSAPrivateKeyPem())));
        Assert.Null(MachineKeyMaterial.NormalisedPublicKey("not a key"u8));
    }

    private static MachineKeyAdded Key(string id) => new(id, AddMachineKey.JsonType, Now.AddDays(1), "UEVN");
}
