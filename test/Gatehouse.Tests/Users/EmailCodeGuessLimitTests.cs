using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Users;
using static Gatehouse.Tests.Users.UserScenario;

namespace Gatehouse.Tests.Users;

/// <summary>Issue #12, finding 6: an email verification code dies after too many wrong guesses.</summary>
public sealed class EmailCodeGuessLimitTests
{
    private const int MaxAttemptsPerCode = 5;
    private static readonly SecretHasher Hasher = new(MasterKey.FromBytes(new byte[32]));

    private static EmailCodeAdded CodeAdded(string plain = "ABC123") =>
        new(Hasher.Hash(VerifyEmail.CodePurpose, plain), TimeSpan.FromHours(1).Ticks * 100, null, false);

    private static UserEvent[] WrongGuesses(int count) => [.. Enumerable.Range(0, count).Select(_ => new EmailVerificationFailed())];

    [Fact]
    public void The_last_allowed_wrong_guess_is_still_recorded() =>
        Given([Human(), CodeAdded(), .. WrongGuesses(MaxAttemptsPerCode - 1)])
            .When(s => VerifyEmail.Decide(s, "WRONG1", Now, Hasher, MaxAttemptsPerCode))
            .ThenFails("COMMAND-Gdsgs", ErrorKind.InvalidArgument, new EmailVerificationFailed());

    [Fact]
    public void After_the_cap_of_wrong_guesses_even_the_right_code_fails_and_nothing_is_recorded() =>
        Given([Human(), CodeAdded(), .. WrongGuesses(MaxAttemptsPerCode)])
            .When(s => VerifyEmail.Decide(s, "ABC123", Now, Hasher, MaxAttemptsPerCode))
            .ThenFails("COMMAND-3n8ud", ErrorKind.NotFound);

    [Fact]
    public void A_dead_code_says_that_a_new_code_is_needed()
    {
        var state = Given([Human(), CodeAdded(), .. WrongGuesses(MaxAttemptsPerCode)]).State;

        var decision = VerifyEmail.Decide(state, "ABC123", Now, Hasher, MaxAttemptsPerCode);

        Assert.Equal("too many wrong codes, request a new code", decision.Error?.Hint);
    }

    [Fact]
    public void A_resent_code_gets_a_fresh_allowance_of_guesses() =>
        Given([Human(), CodeAdded("FIRST1"), .. WrongGuesses(MaxAttemptsPerCode), CodeAdded("SECOND")])
            .When(s => VerifyEmail.Decide(s, "SECOND", Now, Hasher, MaxAttemptsPerCode))
            .Then(new EmailVerified());

    [Fact]
    public void A_changed_address_gets_a_fresh_allowance_of_guesses() =>
        Given([Human(), CodeAdded("FIRST1"), .. WrongGuesses(MaxAttemptsPerCode), new EmailChanged("new@acme.test"), CodeAdded("SECOND")])
            .When(s => VerifyEmail.Decide(s, "SECOND", Now, Hasher, MaxAttemptsPerCode))
            .Then(new EmailVerified());

    [Fact]
    public void Wrong_guesses_are_counted_per_code_in_the_state() =>
        Assert.Equal(3, Given([Human(), CodeAdded(), .. WrongGuesses(3)]).State.EmailCodeFailures);
}
