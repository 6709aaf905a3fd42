using Gatehouse.EventStore;
using System.Data.Common;
using Gatehouse.Crypto;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// Draws one-time codes with the configured length and lifetime, and answers how many codes an address received
/// recently. Addresses are compared by keyed hash, so the send log holds no addresses.
/// </summary>
internal sealed class OtpEmailCodes(ICodeGenerator generator, SecretHasher hasher, OtpEmailSettings settings, IReadModels dataSource, TimeProvider time)
{
    private const string RecipientPurpose = "otp-recipient";

    public NewCode NewCode()
    {
        var plain = generator.Generate(CodeAlphabet.Digits, settings.CodeLength);
        return new NewCode(plain, hasher.Hash(OtpEmailSteps.CodePurpose, plain), settings.Expiry);
    }

    public string RecipientHash(string address) => hasher.Hash(RecipientPurpose, address.Trim().ToLowerInvariant());

    public async Task<(int Count, DateTimeOffset? Oldest)> RecentSendsAsync(string recipientHash, CancellationToken ct)
    {
        var since = UnixMicroseconds.From(time.GetUtcNow() - settings.AddressWindow);
        var row = await dataSource.QuerySingleAsync(
            "SELECT COUNT(*), MIN(sent_at) FROM otp_email_sends WHERE recipient = @recipient AND sent_at > @since",
            r => new SendCount(r.GetInt64(0), r.NullableInt64(1)), ct, ("@recipient", recipientHash), ("@since", since));
        return row is null ? (0, null) : ((int)row.Count, row.Oldest is { } oldest ? UnixMicroseconds.ToTime(oldest) : null);
    }

    private sealed record SendCount(long Count, long? Oldest);
}
