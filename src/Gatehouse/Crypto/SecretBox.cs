using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Crypto;

/// <summary>
/// Authenticated encryption (AES-256-GCM) under a key derived from the master key, for secrets that must be read
/// back once — a code waiting in the outbox to be mailed — and are deleted after use. Layout: nonce | tag | cipher.
/// </summary>
internal sealed class SecretBox(MasterKey key)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public string Seal(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.EncryptionKey, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes));
        return Convert.ToBase64String(output);
    }

    public string Open(string sealedText)
    {
        var input = Convert.FromBase64String(sealedText);
        var plain = new byte[input.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key.EncryptionKey, TagBytes);
        aes.Decrypt(input.AsSpan(0, NonceBytes), input.AsSpan(NonceBytes + TagBytes), input.AsSpan(NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
