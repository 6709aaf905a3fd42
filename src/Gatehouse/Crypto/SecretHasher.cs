using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Crypto;

/// <summary>
/// Keyed hashes of short-lived secrets (verification codes, one-time codes, tokens). ZITADEL stores these encrypted,
/// so the database plus the key reveals them; we keep only HMAC-SHA256 under the master key, which cannot be reversed
/// and, unlike a plain hash, cannot be brute-forced from a stolen database without the key. The purpose is mixed in
/// so a hash of one kind can never be replayed as another.
/// </summary>
internal sealed class SecretHasher(MasterKey key)
{
    public string Hash(string purpose, string secret)
    {
        var input = Encoding.UTF8.GetBytes(purpose + "\n" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key.HashingKey, input));
    }

    /// <summary>Constant-time comparison, so response times say nothing about how close a guess was.</summary>
    public bool Matches(string purpose, string secret, string expectedHash)
    {
        var actual = Convert.FromBase64String(Hash(purpose, secret));
        Span<byte> expected = stackalloc byte[32];
        if (!Convert.TryFromBase64String(expectedHash, expected, out var written) || written != actual.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected[..written]);
    }
}
