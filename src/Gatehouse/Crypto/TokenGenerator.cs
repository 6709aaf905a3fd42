using System.Security.Cryptography;

namespace Gatehouse.Crypto;

/// <summary>Opaque bearer tokens: 256 random bits, URL-safe, never stored (only their keyed hash is).</summary>
internal static class TokenGenerator
{
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a string could be one of our tokens at all (43 URL-safe base64 characters).</summary>
    public static bool LooksValid(string token) =>
        token.Length == 43 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
