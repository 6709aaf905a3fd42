using Gatehouse.EventStore;
using System.Data.Common;
using Gatehouse.Crypto;

namespace Gatehouse.Oidc;

/// <summary>
/// What a signature cannot tell about a self-contained token: whether it was revoked, or its authorization code
/// already redeemed. Tokens are remembered by keyed hash until they would have expired anyway.
/// </summary>
internal sealed class OidcTokenChecks(IReadModels readModels, SecretHasher hasher, TimeProvider time)
{
    private const string TokenPurpose = "oidc-token";

    public async Task RevokeAsync(string token, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var until = expiresAt ?? time.GetUtcNow().AddDays(1);
        await readModels.ExecuteAsync(
            "INSERT INTO oidc_revoked_tokens (token_hash, expires_at) VALUES (@hash, @until) ON CONFLICT (token_hash) DO NOTHING", ct,
            ("@hash", hasher.Hash(TokenPurpose, token)), ("@until", UnixMicroseconds.From(until)));
    }

    public async Task<bool> IsRevokedAsync(string token, CancellationToken ct) =>
        await readModels.QuerySingleAsync("SELECT token_hash FROM oidc_revoked_tokens WHERE token_hash = @hash",
            r => r.GetString(0), ct, ("@hash", hasher.Hash(TokenPurpose, token))) is not null;

    /// <summary>True the first time a code is redeemed, false for every replay (RFC 6749 §4.1.2).</summary>
    public async Task<bool> RedeemCodeAsync(string code, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await readModels.ExecuteAsync("DELETE FROM oidc_redeemed_codes WHERE expires_at < @now", ct, ("@now", UnixMicroseconds.From(now)));
        var inserted = await readModels.ExecuteAsync(
            "INSERT INTO oidc_redeemed_codes (code_hash, expires_at) VALUES (@hash, @until) ON CONFLICT (code_hash) DO NOTHING", ct,
            ("@hash", hasher.Hash(TokenPurpose, code)), ("@until", UnixMicroseconds.From(expiresAt ?? now.AddHours(1))));
        return inserted == 1;
    }
}
