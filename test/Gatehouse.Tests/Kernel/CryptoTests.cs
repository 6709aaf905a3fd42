using Gatehouse.Crypto;

namespace Gatehouse.Tests.Kernel;

public sealed class CryptoTests
{
    private static readonly MasterKey Key = MasterKey.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_hashed_secret_matches_only_itself_and_only_for_its_purpose()
    {
        var hasher = new SecretHasher(Key);
        var hash = hasher.Hash("a", "123456");
        Assert.True(hasher.Matches("a", "123456", hash));
        Assert.False(hasher.Matches("a", "123457", hash));
        Assert.False(hasher.Matches("b", "123456", hash));
        Assert.False(hasher.Matches("a", "123456", "not base64!"));
    }

    [Fact]
    public void Every_digit_is_drawn_including_nine()
    {
        var generator = new RandomCodeGenerator();
        var seen = string.Concat(Enumerable.Range(0, 200).Select(_ => generator.Generate(CodeAlphabet.Digits, 8)));
        Assert.All("0123456789", digit => Assert.Contains(digit, seen));
        Assert.All(seen, c => Assert.True(char.IsAsciiDigit(c)));
    }

    [Fact]
    public void A_password_hash_verifies_the_password_and_nothing_else()
    {
        var hash = PasswordHasher.Hash("DifficultPW666!");
        Assert.StartsWith("$argon2id$v=19$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("DifficultPW666!", hash));
        Assert.False(PasswordHasher.Verify("DifficultPW667!", hash));
    }

    [Fact]
    public void A_sealed_secret_opens_to_itself_and_tampering_is_detected()
    {
        var box = new SecretBox(Key);
        var sealedText = box.Seal("code 12345678");
        Assert.Equal("code 12345678", box.Open(sealedText));
        var bytes = Convert.FromBase64String(sealedText);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => box.Open(Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Tokens_are_long_random_and_recognisable()
    {
        var token = TokenGenerator.NewToken();
        Assert.True(TokenGenerator.LooksValid(token));
        Assert.NotEqual(token, TokenGenerator.NewToken());
        Assert.False(TokenGenerator.LooksValid("garbage"));
    }
}
