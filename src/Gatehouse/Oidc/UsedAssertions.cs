using Gatehouse.Crypto;
using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>
/// Assertions already used, so each works once (RFC 7523 §3, item 7): by the user and <c>jti</c>, or by the whole
/// assertion when it has no <c>jti</c> (ZITADEL's SDKs send none), kept as keyed hashes until the assertion expires (<see cref="OidcSweeper"/>).
/// One conditional insert in the shared database decides, so a replay is refused on every node and of two racing
/// uses at most one wins.
/// </summary>
internal sealed class UsedAssertions(IReadModels readModels, SecretHasher hasher)
{
    private const string Purpose = "oidc-assertion";

    /// <summary>True the first time, false for every later use before <paramref name="expiresAt"/>.</summary>
    public async Task<bool> UseAsync(string userId, string? jti, string assertion, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var key = jti is { Length: > 0 } ? $"{userId}\njti\n{jti}" : $"{userId}\njwt\n{assertion}";
        var inserted = await readModels.ExecuteAsync(
            "INSERT INTO oidc_used_assertions (assertion_hash, expires_at) VALUES (@hash, @until) ON CONFLICT (assertion_hash) DO NOTHING", ct,
            ("@hash", hasher.Hash(Purpose, key)), ("@until", UnixMicroseconds.From(expiresAt)));
        return inserted == 1;
    }
}
