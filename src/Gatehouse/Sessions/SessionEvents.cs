using System.Text.Json.Serialization;
using Gatehouse.Kernel;
using Gatehouse.OtpEmail;

namespace Gatehouse.Sessions;

#pragma warning disable SA1649 // One file lists every session event with its wire name, as style.md asks.

// The base type SessionEvent is in Kernel/ and the OTP Email factor's two events are declared in OtpEmail/, so that the
// factor sits below the session without a cycle; they are listed here all the same (docs/architecture.md).

internal sealed record SessionAdded(SessionUserAgent? UserAgent) : SessionEvent;

internal sealed record SessionUserAgent(string? FingerprintId, string? Ip, string? Description, IReadOnlyDictionary<string, IReadOnlyList<string>>? Header);

internal sealed record UserChecked(
    [property: JsonPropertyName("userID")] string UserId,
    string UserResourceOwner,
    DateTimeOffset CheckedAt,
    string? PreferredLanguage) : SessionEvent;

internal sealed record PasswordChecked(DateTimeOffset CheckedAt) : SessionEvent;

/// <summary>Values are base64 (proto bytes); an empty value removes the key.</summary>
internal sealed record MetadataSet(IReadOnlyDictionary<string, string> Metadata) : SessionEvent;

/// <summary><c>Lifetime</c> in nanoseconds, as ZITADEL's duration encoding.</summary>
internal sealed record LifetimeSet(long Lifetime) : SessionEvent;

/// <summary>ZITADEL records the token id; we also record the token's keyed hash, never the token.</summary>
internal sealed record TokenSet([property: JsonPropertyName("tokenID")] string TokenId, string TokenHash) : SessionEvent;

internal sealed record SessionTerminated : SessionEvent;

internal static class SessionEvents
{
    public const string AggregateType = "session";

    public static readonly EventCodec<SessionEvent> Codec = new EventCodec<SessionEvent>()
        .Add("session.added", SessionEventJson.Default.SessionAdded)
        .Add("session.user.checked", SessionEventJson.Default.UserChecked)
        .Add("session.password.checked", SessionEventJson.Default.PasswordChecked)
        .Add("session.metadata.set", SessionEventJson.Default.MetadataSet)
        .Add("session.lifetime.set", SessionEventJson.Default.LifetimeSet)
        .Add("session.token.set", SessionEventJson.Default.TokenSet)
        .Add("session.otp.email.challenged", SessionEventJson.Default.OtpEmailChallenged)
        .Add("session.otp.email.checked", SessionEventJson.Default.OtpEmailChecked)
        .Add("session.terminated", new SessionTerminated());

    public static readonly Aggregate<SessionState, SessionEvent> Aggregate = new(AggregateType, Codec, new SessionState(), (state, stored) => state.Apply(stored), state => state.Version);

    public static Gatehouse.EventStore.StreamId Stream(string sessionId) => new(AggregateType, sessionId);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionAdded))]
[JsonSerializable(typeof(UserChecked))]
[JsonSerializable(typeof(PasswordChecked))]
[JsonSerializable(typeof(MetadataSet))]
[JsonSerializable(typeof(LifetimeSet))]
[JsonSerializable(typeof(TokenSet))]
[JsonSerializable(typeof(OtpEmailChallenged))]
[JsonSerializable(typeof(OtpEmailChecked))]
internal sealed partial class SessionEventJson : JsonSerializerContext;
