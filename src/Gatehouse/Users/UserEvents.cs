using System.Text.Json.Serialization;
using Gatehouse.Kernel;
using Gatehouse.Notifications;

namespace Gatehouse.Users;

#pragma warning disable SA1649, CA1812 // One file lists every user event with its wire name, as style.md asks.

internal abstract record UserEvent;

internal sealed record HumanAdded(
    string UserName,
    string FirstName,
    string LastName,
    string? NickName,
    string DisplayName,
    string? PreferredLanguage,
    int Gender,
    string Email,
    string? EncodedHash,
    bool ChangeRequired) : UserEvent;

internal sealed record MachineAdded(string UserName, string Name, string? Description) : UserEvent;

internal sealed record EmailChanged(string Email) : UserEvent;

/// <summary>Only the keyed hash of the code is in the log; the plain code exists in a pending mail until sent.</summary>
/// <remarks>
/// <c>Expiry</c> is in nanoseconds, as ZITADEL writes it. <c>Recipient</c> (Gatehouse's addition, absent in ZITADEL's
/// events and in older ones) is a keyed hash of the address the code was mailed to, for the per-address send limit.
/// </remarks>
internal sealed record EmailCodeAdded(string CodeHash, long Expiry, string? UrlTemplate, bool CodeReturned, string? Recipient = null) : UserEvent;

internal sealed record EmailCodeSent : UserEvent;

internal sealed record EmailVerified : UserEvent;

internal sealed record EmailVerificationFailed : UserEvent;

internal sealed record OtpEmailAdded : UserEvent;

internal sealed record OtpEmailRemoved : UserEvent;

internal sealed record PasswordCheckSucceeded : UserEvent;

internal sealed record PasswordCheckFailed : UserEvent;

internal sealed record PersonalAccessTokenAdded(string TokenId, string TokenHash, DateTimeOffset Expiration, IReadOnlyList<string> Scopes) : UserEvent;

/// <summary>
/// A one-time code was issued for a session (audit; the code's hash lives on the session). <c>Recipient</c> is a keyed
/// hash of the address it is mailed to, for the per-address send limit; absent when the code was returned instead.
/// </summary>
internal sealed record OtpEmailCodeAdded([property: JsonPropertyName("sessionID")] string SessionId, long Expiry, bool CodeReturned, string? Recipient) : UserEvent;

internal sealed record OtpEmailCodeSent : UserEvent;

internal sealed record OtpEmailCheckSucceeded([property: JsonPropertyName("sessionID")] string SessionId) : UserEvent;

/// <summary><c>Challenge</c> names the session challenge the wrong code was for, to cap guesses per code.</summary>
internal sealed record OtpEmailCheckFailed([property: JsonPropertyName("sessionID")] string SessionId, string Challenge) : UserEvent;

/// <summary>The machine user's client secret, as a keyed hash only (ZITADEL stores a password-style hash here).</summary>
internal sealed record MachineSecretSet(string HashedSecret) : UserEvent;

internal sealed record MachineSecretRemoved : UserEvent;

/// <summary>
/// A key for the JWT profile grant. <c>Type</c> 1 is ZITADEL's KEY_TYPE_JSON; <c>PublicKey</c> is the PEM of the public
/// key, base64-encoded as ZITADEL writes bytes in JSON. The private key is never stored.
/// </summary>
internal sealed record MachineKeyAdded(string KeyId, int Type, DateTimeOffset ExpirationDate, string PublicKey) : UserEvent;

internal sealed record MachineKeyRemoved(string KeyId) : UserEvent;

internal sealed record UserLocked : UserEvent;

internal sealed record UserUnlocked : UserEvent;

internal sealed record UserRemoved : UserEvent;

/// <summary>The user chose not to set up a second factor now; Login V2 waits its configured lifetime before asking again.</summary>
internal sealed record MfaInitSkipped : UserEvent;

/// <summary>Wire names are ZITADEL's event types, so an exported log reads like ZITADEL's.</summary>
internal static class UserEvents
{
    public const string AggregateType = "user";

    public static readonly EventCodec<UserEvent> Codec = new EventCodec<UserEvent>()
        .Add("user.human.added", UserEventJson.Default.HumanAdded)
        .Add("user.machine.added", UserEventJson.Default.MachineAdded)
        .Add("user.human.email.changed", UserEventJson.Default.EmailChanged)
        .Add("user.human.email.code.added", UserEventJson.Default.EmailCodeAdded)
        .Add("user.human.email.code.sent", new EmailCodeSent())
        .Add("user.human.email.verified", new EmailVerified())
        .Add("user.human.email.verification.failed", new EmailVerificationFailed())
        .Add("user.human.mfa.otp.email.added", new OtpEmailAdded())
        .Add("user.human.mfa.otp.email.removed", new OtpEmailRemoved())
        .Add("user.human.password.check.succeeded", new PasswordCheckSucceeded())
        .Add("user.human.password.check.failed", new PasswordCheckFailed())
        .Add("user.human.mfa.otp.email.code.added", UserEventJson.Default.OtpEmailCodeAdded)
        .Add("user.human.mfa.otp.email.code.sent", new OtpEmailCodeSent())
        .Add("user.human.mfa.otp.email.check.succeeded", UserEventJson.Default.OtpEmailCheckSucceeded)
        .Add("user.human.mfa.otp.email.check.failed", UserEventJson.Default.OtpEmailCheckFailed)
        .Add("user.pat.added", UserEventJson.Default.PersonalAccessTokenAdded)
        .Add("user.machine.secret.set", UserEventJson.Default.MachineSecretSet)
        .Add("user.machine.secret.removed", new MachineSecretRemoved())
        .Add("user.machine.key.added", UserEventJson.Default.MachineKeyAdded)
        .Add("user.machine.key.removed", UserEventJson.Default.MachineKeyRemoved)
        .Add("user.locked", new UserLocked())
        .Add("user.unlocked", new UserUnlocked())
        .Add("user.removed", new UserRemoved())
        .Add("user.human.mfa.init.skipped", new MfaInitSkipped());

    public static readonly Aggregate<UserState, UserEvent> Aggregate = new(AggregateType, Codec, new UserState(), (state, stored) => state.Apply(stored), state => state.Version);

    public static Gatehouse.EventStore.StreamId Stream(string userId) => new(AggregateType, userId);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HumanAdded))]
[JsonSerializable(typeof(MachineAdded))]
[JsonSerializable(typeof(EmailChanged))]
[JsonSerializable(typeof(EmailCodeAdded))]
[JsonSerializable(typeof(PersonalAccessTokenAdded))]
[JsonSerializable(typeof(OtpEmailCodeAdded))]
[JsonSerializable(typeof(MachineSecretSet))]
[JsonSerializable(typeof(MachineKeyAdded))]
[JsonSerializable(typeof(MachineKeyRemoved))]
[JsonSerializable(typeof(OtpEmailCheckSucceeded))]
[JsonSerializable(typeof(OtpEmailCheckFailed))]
internal sealed partial class UserEventJson : JsonSerializerContext;
