using Gatehouse.EventStore;
using System.Data.Common;
using System.Text.Json;
using Gatehouse.Crypto;

namespace Gatehouse.Oidc;

/// <summary>
/// Finds applications: those in configuration first (their secrets are hashed once at start), then those added
/// through the admin API. Secrets are compared in constant time through their keyed hashes.
/// </summary>
internal sealed class OidcClients
{
    private readonly Dictionary<string, OidcClient> configured;
    private readonly IReadModels dataSource;
    private readonly SecretHasher hasher;

    public OidcClients(OidcSettings settings, IReadModels dataSource, SecretHasher hasher)
    {
        this.dataSource = dataSource;
        this.hasher = hasher;
        configured = settings.Clients.ToDictionary(
            c => c.ClientId,
            c => new OidcClient(c.ClientId, c.DisplayName ?? c.ClientId,
                string.IsNullOrEmpty(c.ClientSecret) ? null : hasher.Hash(OidcClient.SecretPurpose, c.ClientSecret),
                c.RedirectUris, c.PostLogoutRedirectUris, c.RequireMfa, c.AllowRefreshTokens),
            StringComparer.Ordinal);
    }

    public bool IsConfigured(string clientId) => configured.ContainsKey(clientId);

    public async Task<OidcClient?> FindAsync(string? clientId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return null;
        }

        if (configured.TryGetValue(clientId, out var client))
        {
            return client;
        }

        return (await ListStoredAsync(clientId, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<OidcClient>> ListAsync(CancellationToken ct) =>
        [.. configured.Values, .. await ListStoredAsync(null, ct)];

    public bool SecretMatches(OidcClient client, string? secret) =>
        client.SecretHash is { } hash && !string.IsNullOrEmpty(secret) && hasher.Matches(OidcClient.SecretPurpose, secret, hash);

    private Task<List<OidcClient>> ListStoredAsync(string? clientId, CancellationToken ct)
    {
        // Two statements rather than "@id IS NULL OR …": PostgreSQL cannot type a parameter that is only compared to NULL.
        const string Columns = "SELECT client_id, display_name, secret_hash, redirect_uris, post_logout_redirect_uris, require_mfa, allow_refresh_tokens FROM oidc_clients";
        return clientId is null
            ? dataSource.QueryAsync($"{Columns} ORDER BY client_id", Read, ct)
            : dataSource.QueryAsync($"{Columns} WHERE client_id = @id", Read, ct, ("@id", clientId));
    }

    private static OidcClient Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.NullableString(2), Uris(r.GetString(3)), Uris(r.GetString(4)), r.Flag(5), r.Flag(6));

    private static IReadOnlyList<string> Uris(string json) => JsonSerializer.Deserialize(json, OidcJson.Default.IReadOnlyListString) ?? [];
}
