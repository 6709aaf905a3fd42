using Gatehouse.EventStore;
using Gatehouse.Crypto;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gatehouse.Oidc;

/// <summary>
/// What a signature cannot tell about a self-contained token: whether it was revoked — itself, or its whole grant
/// (<see cref="OidcGrant"/>) — or its authorization code already redeemed. Tokens and grants are remembered by keyed
/// hash until their tokens would have expired anyway.
/// </summary>
internal sealed class OidcTokenChecks(IReadModels readModels, SecretHasher hasher, OidcSettings settings, TimeProvider time)
{
    private const string TokenPurpose = "oidc-token";
    private const string GrantPurpose = "oidc-grant";

    public async Task RevokeAsync(string token, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var until = expiresAt ?? time.GetUtcNow().AddDays(1);
        await readModels.ExecuteAsync(
            "INSERT INTO oidc_revoked_tokens (token_hash, expires_at) VALUES (@hash, @until) ON CONFLICT (token_hash) DO NOTHING", ct,
            ("@hash", hasher.Hash(TokenPurpose, token)), ("@until", UnixMicroseconds.From(until)));
    }

    /// <summary>Revokes every token issued from one grant, for as long as any of them could still be valid.</summary>
    public async Task RevokeGrantAsync(string grantId, CancellationToken ct)
    {
        var until = time.GetUtcNow() + settings.AccessTokenLifetime;
        await readModels.ExecuteAsync(
            "INSERT INTO oidc_revoked_tokens (token_hash, expires_at) VALUES (@hash, @until) ON CONFLICT (token_hash) DO NOTHING", ct,
            ("@hash", hasher.Hash(GrantPurpose, grantId)), ("@until", UnixMicroseconds.From(until)));
    }

    public async Task<bool> IsGrantRevokedAsync(string grantId, CancellationToken ct) =>
        await readModels.QuerySingleAsync("SELECT token_hash FROM oidc_revoked_tokens WHERE token_hash = @grant",
            r => r.GetString(0), ct, ("@grant", hasher.Hash(GrantPurpose, grantId))) is not null;

    /// <summary>
    /// Whether the token, or the grant it was issued from, was revoked. Callers have validated the token already; its
    /// grant id is read from the payload here so every caller (userinfo, introspection, the API's bearer check) asks
    /// the same question with one lookup.
    /// </summary>
    public async Task<bool> IsRevokedAsync(string token, CancellationToken ct)
    {
        var tokenHash = hasher.Hash(TokenPurpose, token);
        var grantHash = GrantOf(token) is { } grant ? hasher.Hash(GrantPurpose, grant) : tokenHash;
        return await readModels.QuerySingleAsync("SELECT token_hash FROM oidc_revoked_tokens WHERE token_hash = @token OR token_hash = @grant",
            r => r.GetString(0), ct, ("@token", tokenHash), ("@grant", grantHash)) is not null;
    }

    /// <summary>
    /// Redeems a code once. OpenIddict is told that codes live <see cref="OidcSettings.CodeReplayWindow"/> longer than
    /// they may be redeemed, so a replay that comes after the code expired still reaches this point and is told apart
    /// from a late first use: the code's row is kept until OpenIddict's expiry, and its age is checked against the
    /// configured lifetime here.
    /// </summary>
    public async Task<CodeRedemption> RedeemCodeAsync(string code, DateTimeOffset? issuedAt, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var inserted = await readModels.ExecuteAsync(
            "INSERT INTO oidc_redeemed_codes (code_hash, expires_at) VALUES (@hash, @until) ON CONFLICT (code_hash) DO NOTHING", ct,
            ("@hash", hasher.Hash(TokenPurpose, code)), ("@until", UnixMicroseconds.From(expiresAt ?? now.AddHours(1))));
        if (inserted != 1)
        {
            return CodeRedemption.Replayed;
        }

        return issuedAt is { } issued && now - issued <= settings.AuthorizationCodeLifetime ? CodeRedemption.Redeemed : CodeRedemption.Expired;
    }

    /// <summary>The grant id in a signed JWT's payload; null for anything else (encrypted tokens, garbage).</summary>
    private static string? GrantOf(string token)
    {
        if (token.Count(c => c == '.') != 2)
        {
            return null;
        }

        try
        {
            return new JsonWebToken(token).TryGetPayloadValue<string>(OidcGrant.Claim, out var grant) ? grant : null;
        }
        catch (ArgumentException)
        {
            // Not a JWT at all (SecurityTokenMalformedException is an ArgumentException): nothing to look up.
            return null;
        }
    }
}
