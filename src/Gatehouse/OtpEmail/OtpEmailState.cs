using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.OtpEmail;

/// <summary>
/// The OTP Email write model: only the facts the factor's decisions need, folded from the user's stream (enrolment,
/// the verified address codes go to, lock and failure counts, when a code was last mailed), plus the session's open
/// challenge, which the session's own fold keeps (<see cref="OpenChallenge.After"/>) and hands in. Like ZITADEL's
/// per-command write models, it ignores every other event.
/// </summary>
internal sealed record OtpEmailState
{
    /// <summary>The fold of a user stream, kept between commands by <see cref="WriteModels"/> like any aggregate.</summary>
    public static readonly Aggregate<OtpEmailState, UserEvent> OfUser =
        new(UserEvents.AggregateType, UserEvents.Codec, new OtpEmailState(), (state, stored) => state.Apply(stored), state => state.UserVersion);

    /// <summary>Where the user's stream stands; its owner is the user's organization.</summary>
    public AggregateVersion UserVersion { get; init; }

    public bool Added { get; init; }

    public bool Locked { get; init; }

    /// <summary>ZITADEL's enrolment asks only whether an address was ever verified (docs/otp-email.md §3.1).</summary>
    public bool EmailEverVerified { get; init; }

    public string Email { get; init; } = "";

    /// <summary>Where codes go: the last address the user proved to read, not a newer unverified one.</summary>
    public string? VerifiedEmail { get; init; }

    public string UserName { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string? PreferredLanguage { get; init; }

    /// <summary>Wrong codes since the last right one or unlock: the lockout counter (MaxOTPAttempts).</summary>
    public int Failures { get; init; }

    /// <summary>Wrong codes per session challenge, to require a new code after too many guesses.</summary>
    public IReadOnlyDictionary<string, int> ChallengeFailures { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>When the last code was mailed (not returned), for the send cooldown.</summary>
    public DateTimeOffset? LastMailedAt { get; init; }

    /// <summary>The session's open challenge, set by the session that composes the step; a successful check consumes it, a new one replaces it.</summary>
    public OpenChallenge? Challenge { get; init; }

    public string OrganizationId => UserVersion.ResourceOwner;

    /// <summary>Folds a user's stored events; events of other aggregates change nothing.</summary>
    public static OtpEmailState From(IEnumerable<StoredEvent> events) =>
        events.Aggregate(new OtpEmailState(), (state, stored) => state.Apply(stored));

    public OtpEmailState Apply(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Stream.AggregateType switch
        {
            UserEvents.AggregateType => (UserEvents.Codec.Decode(stored) is { } e ? Apply(e, stored.CreatedAt) : this) with
            {
                UserVersion = UserVersion.After(stored),
            },
            _ => this,
        };
    }

    private OtpEmailState Apply(UserEvent e, DateTimeOffset at) => e switch
    {
        HumanAdded h => this with { UserName = h.UserName, DisplayName = h.DisplayName, PreferredLanguage = h.PreferredLanguage, Email = h.Email },
        EmailChanged c => this with { Email = c.Email },
        EmailVerified => this with { EmailEverVerified = true, VerifiedEmail = Email },
        OtpEmailAdded => this with { Added = true },
        OtpEmailRemoved => this with { Added = false },
        OtpEmailCodeAdded code when !code.CodeReturned => this with { LastMailedAt = at },
        OtpEmailCheckSucceeded => this with { Failures = 0 },
        OtpEmailCheckFailed failed => this with
        {
            Failures = Failures + 1,
            ChallengeFailures = new Dictionary<string, int>(ChallengeFailures, StringComparer.Ordinal)
            {
                [failed.Challenge] = ChallengeFailures.GetValueOrDefault(failed.Challenge) + 1,
            },
        },
        UserLocked => this with { Locked = true },
        UserUnlocked => this with { Locked = false, Failures = 0 },
        UserRemoved => this with { EmailEverVerified = false, Added = false },
        _ => this,
    };
}
