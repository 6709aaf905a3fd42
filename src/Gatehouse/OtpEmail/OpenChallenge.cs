using Gatehouse.EventStore;
using Gatehouse.Kernel;

namespace Gatehouse.OtpEmail;

/// <summary>An issued one-time code: a key naming this challenge (session id and sequence), the code's hash, its end.</summary>
internal sealed record OpenChallenge(string Key, string CodeHash, DateTimeOffset ExpiresAt)
{
    /// <summary>The open challenge after a session event: a new code replaces the previous one, a right code consumes it.</summary>
    public static OpenChallenge? After(OpenChallenge? current, SessionEvent e, StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return e switch
        {
            OtpEmailChallenged challenge => new OpenChallenge($"{stored.Stream.AggregateId}:{stored.Sequence}", challenge.CodeHash,
                stored.CreatedAt + TimeSpan.FromTicks(challenge.Expiry / 100)),
            OtpEmailChecked => null,
            _ => current,
        };
    }
}
