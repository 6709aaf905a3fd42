using System.Security.Cryptography;

namespace Gatehouse.Crypto;

/// <summary>
/// The server secret behind every keyed hash and every encrypted pending mail. It comes from the environment
/// (<c>Gatehouse__MasterKey</c>, base64 of 32 bytes) or a file (<c>Gatehouse__MasterKeyFile</c>); with neither,
/// the embedded default creates one in the data folder on first start, readable by the owner only.
/// Sub-keys are derived per use so one key never serves two algorithms.
/// </summary>
internal sealed class MasterKey
{
    private MasterKey(byte[] secret)
    {
        HashingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "gatehouse hashing"u8.ToArray());
        EncryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "gatehouse encryption"u8.ToArray());
        TokenEncryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "gatehouse oidc token encryption"u8.ToArray());
    }

    public byte[] HashingKey { get; }

    public byte[] EncryptionKey { get; }

    /// <summary>Encrypts OIDC authorization codes, which only this server (or a node sharing the key) reads back.</summary>
    public byte[] TokenEncryptionKey { get; }

    public static MasterKey FromBytes(byte[] secret)
    {
        if (secret.Length < 32)
        {
            throw new InvalidOperationException("Gatehouse:MasterKey must be at least 32 bytes (base64 encoded).");
        }

        return new MasterKey(secret);
    }

    public static MasterKey Load(string? base64, string? file, string dataPath)
    {
        if (!string.IsNullOrWhiteSpace(base64))
        {
            return FromBytes(Decode(base64, "Gatehouse:MasterKey"));
        }

        if (!string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"Gatehouse:MasterKeyFile points to a missing file: {file}");
            }

            return FromBytes(Decode(File.ReadAllText(file).Trim(), "Gatehouse:MasterKeyFile"));
        }

        var generated = Path.Combine(dataPath, "master.key");
        if (!File.Exists(generated))
        {
            Storage.OwnerOnlyFiles.CreateDirectory(dataPath);
            Storage.OwnerOnlyFiles.WriteAllText(generated, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), FileMode.CreateNew);
        }

        return FromBytes(Decode(File.ReadAllText(generated).Trim(), generated));
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} is not valid base64.");
        }
    }
}
