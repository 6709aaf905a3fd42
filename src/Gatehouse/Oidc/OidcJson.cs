using System.Text.Json.Serialization;

namespace Gatehouse.Oidc;

/// <summary>Source-generated JSON for the OIDC read models and the admin endpoint.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(OidcAppRequest))]
[JsonSerializable(typeof(OidcAppResponse))]
[JsonSerializable(typeof(OidcAppListResponse))]
internal sealed partial class OidcJson : JsonSerializerContext;
