using System.Text.Json.Serialization;
using Gatehouse.Kernel;

namespace Gatehouse.Oidc;

#pragma warning disable SA1649 // One file lists every application event with its wire name, as style.md asks.

internal abstract record OidcAppEvent;

/// <summary>ZITADEL keeps the secret hashed too; ours is a keyed hash under the master key.</summary>
internal sealed record OidcAppAdded(
    [property: JsonPropertyName("clientId")] string ClientId,
    string Name,
    string? ClientSecretHash,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    bool RequireMfa,
    bool AllowRefreshTokens = false) : OidcAppEvent;

internal sealed record OidcAppRemoved : OidcAppEvent;

/// <summary>One stream per application, named by its client id; ZITADEL's event names for OIDC applications.</summary>
internal static class OidcAppEvents
{
    public const string AggregateType = "application";

    public static readonly EventCodec<OidcAppEvent> Codec = new EventCodec<OidcAppEvent>()
        .Add("project.application.config.oidc.added", OidcAppEventJson.Default.OidcAppAdded)
        .Add("project.application.removed", new OidcAppRemoved());

    public static readonly Aggregate<OidcAppState, OidcAppEvent> Aggregate = new(AggregateType, Codec, new OidcAppState(), (state, stored) => state.Apply(stored), state => state.Version);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OidcAppAdded))]
internal sealed partial class OidcAppEventJson : JsonSerializerContext;
