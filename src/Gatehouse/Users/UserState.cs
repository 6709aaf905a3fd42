using Gatehouse.Kernel;
using Gatehouse.EventStore;

namespace Gatehouse.Users;

internal enum UserKind
{
    None,
    Human,
    Machine,
}

/// <summary>A pending email verification code: its keyed hash and when it stops working.</summary>
internal sealed record PendingCode(string Hash, DateTimeOffset ExpiresAt);

/// <summary>
/// The user write model: the facts the user's decisions need, folded from its stream. Email follows ZITADEL
/// (docs/otp-email.md §3.1): <see cref="EmailEverVerified"/> is what enrolment checks, <see cref="VerifiedEmail"/>
/// is where codes go, and a change of address leaves both alone until the new one is verified. The OTP Email factor
/// folds its own facts from the same stream (<c>OtpEmail/OtpEmailState</c>).
/// </summary>
internal sealed record UserState
{
    public AggregateVersion Version { get; init; }

    public UserKind Kind { get; init; }

    public bool Removed { get; init; }

    public bool Locked { get; init; }

    public string UserName { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string? PreferredLanguage { get; init; }

    public string Email { get; init; } = "";

    public bool EmailVerified { get; init; }

    public bool EmailEverVerified { get; init; }

    public string? VerifiedEmail { get; init; }

    public PendingCode? PendingEmailCode { get; init; }

    /// <summary>Wrong guesses at the pending email code; at the cap the code is dead until a new one is sent.</summary>
    public int EmailCodeFailures { get; init; }

    /// <summary>When the last verification code was mailed (not returned), for the send cooldown.</summary>
    public DateTimeOffset? LastEmailCodeMailedAt { get; init; }

    public string? PasswordHash { get; init; }

    /// <summary>Wrong passwords since the last right one or unlock: ZITADEL's lockout counter.</summary>
    public int PasswordFailures { get; init; }

    /// <summary>A machine user's client secret, as its keyed hash; null when none is set.</summary>
    public string? MachineSecretHash { get; init; }

    /// <summary>The ids of the machine user's keys that were added and not removed (expired ones included).</summary>
    public System.Collections.Immutable.ImmutableHashSet<string> MachineKeys { get; init; } = [];

    public bool IsHuman => Kind == UserKind.Human && !Removed;

    public bool Exists => Kind != UserKind.None && !Removed;

    public static UserState From(IEnumerable<StoredEvent> stream) =>
        stream.Aggregate(new UserState(), (state, stored) => state.Apply(stored));

    public UserState Apply(StoredEvent stored)
    {
        var next = UserEvents.Codec.Decode(stored) is { } e ? Apply(e, stored.CreatedAt) : this;
        return next with { Version = Version.After(stored) };
    }

    public UserState Apply(UserEvent e, DateTimeOffset at) => e switch
    {
        HumanAdded h => this with
        {
            Kind = UserKind.Human,
            UserName = h.UserName,
            DisplayName = h.DisplayName,
            PreferredLanguage = h.PreferredLanguage,
            Email = h.Email,
            PasswordHash = h.EncodedHash,
        },
        MachineAdded m => this with { Kind = UserKind.Machine, UserName = m.UserName, DisplayName = m.Name },
        EmailChanged c => this with { Email = c.Email, EmailVerified = false, PendingEmailCode = null, EmailCodeFailures = 0 },
        EmailCodeAdded c => this with
        {
            PendingEmailCode = new PendingCode(c.CodeHash, at + TimeSpan.FromTicks(c.Expiry / 100)),
            EmailCodeFailures = 0,
            LastEmailCodeMailedAt = c.CodeReturned ? LastEmailCodeMailedAt : at,
        },
        EmailVerified _ => this with { EmailVerified = true, EmailEverVerified = true, VerifiedEmail = Email, PendingEmailCode = null, EmailCodeFailures = 0 },
        EmailVerificationFailed => this with { EmailCodeFailures = EmailCodeFailures + 1 },
        PasswordCheckFailed => this with { PasswordFailures = PasswordFailures + 1 },
        PasswordCheckSucceeded => this with { PasswordFailures = 0 },
        MachineSecretSet secret => this with { MachineSecretHash = secret.HashedSecret },
        MachineSecretRemoved => this with { MachineSecretHash = null },
        MachineKeyAdded key => this with { MachineKeys = MachineKeys.Add(key.KeyId) },
        MachineKeyRemoved key => this with { MachineKeys = MachineKeys.Remove(key.KeyId) },
        UserLocked => this with { Locked = true },
        UserUnlocked => this with { Locked = false, PasswordFailures = 0 },
        UserRemoved => this with { Removed = true, EmailEverVerified = false, MachineSecretHash = null, MachineKeys = [] },
        _ => this,
    };
}
