using System.Text.Json.Serialization;

namespace Gatehouse.Notifications;

/// <summary>
/// A mail waiting in the outbox, stored sealed (AES-GCM) because it holds a plain code and an address. It names the
/// stream and event type to record once it is delivered.
/// </summary>
internal sealed record PendingMail(
    string Template,
    string Recipient,
    string? Language,
    IReadOnlyDictionary<string, string> Values,
    long? LifetimeSeconds,
    string AggregateType,
    string AggregateId,
    string? SentEvent);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PendingMail))]
internal sealed partial class PendingMailJson : JsonSerializerContext;
