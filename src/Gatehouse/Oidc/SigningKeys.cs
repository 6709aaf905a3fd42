using Gatehouse.EventStore;
using System.Data.Common;
using System.Security.Cryptography;
using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Oidc;

/// <summary>
/// The RSA keys that sign ID and access tokens, kept in the database sealed under the master key, so every node of
/// an installation signs with and publishes the same keys. On start: no key, or the newest is older than the
/// rotation period, makes a new one. A replaced key stays published until every token it signed has expired.
/// </summary>
internal sealed class SigningKeys(IReadModels readModels, SecretBox box, OidcSettings settings, IdGenerator ids, TimeProvider time, ILogger<SigningKeys> logger)
{
    private readonly Lock gate = new();
    private IReadOnlyList<RsaSecurityKey>? keys;

    /// <summary>
    /// Newest first: OpenIddict signs with the first and publishes all. Normally loaded before the port opens; a node
    /// that started while the database was unreachable serves its first requests before that, and OpenIddict reads
    /// its keys once, so such a node signs with a key of its own until it restarts (other nodes cannot verify those
    /// tokens; the log says so).
    /// </summary>
    public IReadOnlyList<RsaSecurityKey> Keys
    {
        get
        {
            lock (gate)
            {
                if (keys is null)
                {
                    logger.LogWarning("OIDC signing keys requested before the database was reachable: signing with a key of this process until it restarts.");
                    keys = [new RsaSecurityKey(RSA.Create(2048)) { KeyId = $"local-{ids.NewId()}" }];
                }

                return keys;
            }
        }
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await ReadAsync(ct);
        if (rows.Count == 0 || rows[0].CreatedAt + settings.SigningKeyRotation <= now)
        {
            await CreateAsync(now, ct);
            rows = await ReadAsync(ct);
        }

        // A key signs until its successor appears; tokens it signed live at most this long after that.
        var retention = new[] { settings.AccessTokenLifetime, settings.IdentityTokenLifetime, settings.AuthorizationCodeLifetime }.Max() + TimeSpan.FromHours(1);
        var kept = new List<RsaSecurityKey>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == 0 || rows[i - 1].CreatedAt + retention > now)
            {
                kept.Add(Open(rows[i]));
            }
        }

        keys = kept;
        logger.LogInformation("OIDC signing keys: {Count} published, signing with {KeyId}.", kept.Count, kept[0].KeyId);
    }

    private async Task CreateAsync(DateTimeOffset now, CancellationToken ct)
    {
        using var rsa = RSA.Create(2048);
        var id = ids.NewId();
        await readModels.ExecuteAsync("INSERT INTO oidc_signing_keys (id, sealed_key, created_at) VALUES (@id, @key, @at)", ct,
            ("@id", id), ("@key", box.Seal(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()))), ("@at", UnixMicroseconds.From(now)));
        logger.LogInformation("Made a new OIDC signing key {KeyId}.", id);
    }

    private Task<List<KeyRow>> ReadAsync(CancellationToken ct) =>
        readModels.QueryAsync("SELECT id, sealed_key, created_at FROM oidc_signing_keys ORDER BY created_at DESC, id DESC",
            r => new KeyRow(r.GetString(0), r.GetString(1), UnixMicroseconds.ToTime(r.GetInt64(2))), ct);

    private RsaSecurityKey Open(KeyRow row)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(box.Open(row.SealedKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = row.Id };
    }

    private sealed record KeyRow(string Id, string SealedKey, DateTimeOffset CreatedAt);
}
