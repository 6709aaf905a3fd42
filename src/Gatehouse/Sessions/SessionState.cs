using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.OtpEmail;

namespace Gatehouse.Sessions;

/// <summary>The session write model: who was checked, with which factors, when, and the current token.</summary>
internal sealed record SessionState
{
    public AggregateVersion Version { get; init; }

    public string Creator { get; init; } = "";

    public SessionUserAgent? UserAgent { get; init; }

    public UserChecked? User { get; init; }

    public DateTimeOffset? PasswordCheckedAt { get; init; }

    /// <summary>The open one-time code challenge; a successful check consumes it, a new one replaces it.</summary>
    public OpenChallenge? OtpEmailChallenge { get; init; }

    public DateTimeOffset? OtpEmailCheckedAt { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? TokenHash { get; init; }

    public bool Terminated { get; init; }

    public bool Exists => Version.Exists && !Terminated;

    public static SessionState From(IEnumerable<StoredEvent> stream) =>
        stream.Aggregate(new SessionState(), (state, stored) => state.Apply(stored));

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;

    public SessionState Apply(StoredEvent stored)
    {
        var next = SessionEvents.Codec.Decode(stored) switch
        {
            SessionAdded added => this with { Creator = stored.Creator, UserAgent = added.UserAgent },
            UserChecked user => this with { User = user },
            PasswordChecked password => this with { PasswordCheckedAt = password.CheckedAt },
            OtpEmailChallenged challenge => this with { OtpEmailChallenge = OpenChallenge.After(OtpEmailChallenge, challenge, stored) },
            OtpEmailChecked otp => this with { OtpEmailCheckedAt = otp.CheckedAt, OtpEmailChallenge = OpenChallenge.After(OtpEmailChallenge, otp, stored) },
            MetadataSet metadata => this with { Metadata = Merge(Metadata, metadata.Metadata) },
            LifetimeSet lifetime => this with { ExpiresAt = stored.CreatedAt + TimeSpan.FromTicks(lifetime.Lifetime / 100) },
            TokenSet token => this with { TokenHash = token.TokenHash },
            SessionTerminated => this with { Terminated = true },
            _ => this,
        };
        return next with { Version = Version.After(stored) };
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> changes)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (value.Length == 0)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }
}
