using System.Security.Cryptography;

namespace Gatehouse.Crypto;

/// <summary>
/// Codes from the OS CSPRNG with every character equally likely: <see cref="RandomNumberGenerator.GetInt32(int)"/>
/// rejects biased draws. ZITADEL's generator takes <c>byte mod (n − 1)</c>, so it never emits the last character
/// (no 9 in OTP codes) and favours the first ones.
/// </summary>
internal sealed class RandomCodeGenerator : ICodeGenerator
{
    private const string DigitChars = "0123456789";
    private const string UpperAlphanumericChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public string Generate(CodeAlphabet alphabet, int length)
    {
        var chars = alphabet == CodeAlphabet.Digits ? DigitChars : UpperAlphanumericChars;
        return RandomNumberGenerator.GetString(chars, length);
    }
}
