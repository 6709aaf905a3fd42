using System.Security.Cryptography;
using System.Text.Json;

namespace Gatehouse.Users;

/// <summary>
/// The key pairs of machine users (docs/zitadel-wire.md §6.7): RSA, generated here unless the caller brings the public
/// half, and the JSON key file ZITADEL's SDKs read. The private half exists only in the one answer that carries it.
/// </summary>
internal static class MachineKeyMaterial
{
    /// <summary>ZITADEL's default key size; a supplied key smaller than this is refused as too weak to sign assertions.</summary>
    public const int KeySize = 2048;

    /// <summary>A new key pair: the PKCS#1 PEM of the private key (what ZITADEL's key file holds) and the PKIX PEM of the public key.</summary>
    public static (string PrivatePem, string PublicPem) Generate()
    {
        using var rsa = RSA.Create(KeySize);
        return (rsa.ExportRSAPrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>The supplied public key as PKIX PEM, or null when it is not an RSA public key of at least 2048 bits in PEM.</summary>
    public static string? NormalisedPublicKey(ReadOnlySpan<byte> supplied)
    {
        var text = System.Text.Encoding.ASCII.GetString(supplied);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] is not "PUBLIC KEY")
        {
            return null;
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text[fields.Base64Data]), out _);
            return rsa.KeySize >= KeySize ? rsa.ExportSubjectPublicKeyInfoPem() : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>ZITADEL's key file: <c>{"type":"serviceaccount","keyId","key","expirationDate","userId"}</c>.</summary>
    public static byte[] KeyFile(string keyId, string privatePem, DateTimeOffset expiration, string userId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "serviceaccount");
            json.WriteString("keyId", keyId);
            json.WriteString("key", privatePem);
            json.WriteString("expirationDate", expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("userId", userId);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
