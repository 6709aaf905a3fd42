namespace Gatehouse.Oidc;

/// <summary>The issuer exactly as configured (or defaulted): what assertions must name as their audience.</summary>
internal sealed record OidcIssuer(string Value);
