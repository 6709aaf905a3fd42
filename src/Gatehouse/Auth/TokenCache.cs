using System.Collections.Concurrent;
using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.Sessions;
using Gatehouse.Users;
using Gatehouse.Kernel;

namespace Gatehouse.Auth;

/// <summary>
/// Callers of opaque bearer tokens (personal access tokens and session tokens) that were already checked, by the
/// token's keyed hash, so that a request with a known token costs a dictionary lookup instead of two queries. Only
/// valid tokens are kept (a flood of forged tokens cannot fill it), and an entry is dropped as soon as the facts it
/// was built from change:
/// <list type="bullet">
/// <item>any event of a session (its token rotated, the session terminated, its lifetime or factors changed) drops
/// every token of that session;</item>
/// <item>a user event that changes access (<see cref="UserAccessEvents"/>) or a new membership drops every token of
/// that user;</item>
/// <item>an entry past the expiry of its token or session is not used.</item>
/// </list>
/// Writes of this process report their events right after they commit (<see cref="InvalidatingEventStore"/>),
/// before the writer gets its answer; writes of other nodes or processes arrive through
/// <see cref="TokenCacheFollower"/>, which follows the log. OIDC access tokens are not kept here: their revocation is
/// a row, not an event, so they are checked every time.
/// <para>
/// A lookup that misses reads the database and then adds its result. Should an invalidation of that token's
/// session or user happen while it read, the result may already be stale, so it is not kept: every invalidation is
/// numbered, and an addition checks the ones made since it started reading.
/// </para>
/// </summary>
internal sealed class TokenCache
{
    /// <summary>Past this many entries the cache starts over (a bound on memory; the next requests refill it).</summary>
    public const int Capacity = 100_000;

    /// <summary>
    /// User events after which a token of the user may resolve differently or not at all. Every other user event
    /// leaves tokens alone (a unit test makes sure each user event type is in one list or the other).
    /// </summary>
    public static readonly IReadOnlySet<string> UserAccessEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "user.locked", "user.unlocked", "user.removed",
        // A factor added or removed changes whether a session of the user passed every factor (FactorRule).
        "user.human.mfa.otp.email.added", "user.human.mfa.otp.email.removed",
    };

    // Invalidations remembered for additions still reading; one that started longer ago than this is not kept.
    private const int RecentCapacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    // Which cached tokens belong to which session. Updated under its own lock: an entry must never be cached
    // without being listed here, or an event of its session could not find it.
    private readonly Dictionary<string, HashSet<string>> tokensOfSession = new(StringComparer.Ordinal);
    private readonly Lock indexGate = new();
    private readonly Lock gate = new();
    private readonly string[] recent = new string[RecentCapacity];
    private long invalidations;

    public int Count => entries.Count;

    /// <summary>Taken before reading a token from the database; pass it to <see cref="Add"/>.</summary>
    public long Mark()
    {
        lock (gate)
        {
            return invalidations;
        }
    }

    /// <summary>The caller of a token checked before, unless the token or its session expired by <paramref name="nowMicros"/>.</summary>
    public Caller? Find(string tokenHash, long nowMicros) =>
        entries.TryGetValue(tokenHash, out var entry) && (entry.ExpiresAt is not { } expiresAt || expiresAt >= nowMicros)
            ? entry.Caller
            : null;

    /// <param name="expiresAt">When the token or its session stops working (Unix microseconds), or null.</param>
    /// <param name="mark">What <see cref="Mark"/> returned before the database was read.</param>
    public void Add(string tokenHash, Caller caller, long? expiresAt, long mark)
    {
        if (entries.Count >= Capacity && !entries.ContainsKey(tokenHash))
        {
            DropAll();
        }

        var entry = new Entry(caller, expiresAt);
        // The entry first, then its place in the index: a concurrent clear or invalidation that misses the entry
        // still leaves the index listing it, never the other way round.
        entries[tokenHash] = entry;
        if (caller.SessionId is { } sessionId)
        {
            lock (indexGate)
            {
                if (!tokensOfSession.TryGetValue(sessionId, out var tokens))
                {
                    // The index can outgrow the entries (a user's tokens dropped, their sessions still listed).
                    if (tokensOfSession.Count >= Capacity)
                    {
                        tokensOfSession.Clear();
                        entries.Clear();
                        entries[tokenHash] = entry;
                    }

                    tokensOfSession[sessionId] = tokens = new HashSet<string>(StringComparer.Ordinal);
                }

                tokens.Add(tokenHash);
            }
        }

        // After adding, so that an invalidation either sees the entry or is seen here.
        if (InvalidatedSince(mark, caller))
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
        }
    }

    /// <summary>Drops the tokens whose validity these committed events may have changed.</summary>
    public void Invalidate(IEnumerable<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            switch (stored.Stream.AggregateType)
            {
                case SessionEvents.AggregateType:
                    InvalidateSession(stored.Stream.AggregateId);
                    break;
                case UserEvents.AggregateType when UserAccessEvents.Contains(stored.Type):
                    InvalidateUser(stored.Stream.AggregateId);
                    break;
                case InstanceEvents.InstanceAggregate or InstanceEvents.OrgAggregate
                    when InstanceEvents.Codec.Decode(stored) is InstanceMemberAdded member:
                    InvalidateUser(member.UserId);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Drops everything, e.g. when the log could not be followed for a while.</summary>
    public void Clear()
    {
        lock (gate)
        {
            // Counts as an invalidation of everything for additions still reading.
            invalidations += RecentCapacity + 1;
        }

        DropAll();
    }

    private void DropAll()
    {
        lock (indexGate)
        {
            tokensOfSession.Clear();
            entries.Clear();
        }
    }

    private void InvalidateSession(string sessionId)
    {
        Record(SessionKey(sessionId));
        HashSet<string>? tokens;
        lock (indexGate)
        {
            tokensOfSession.Remove(sessionId, out tokens);
        }

        foreach (var tokenHash in tokens ?? [])
        {
            entries.TryRemove(tokenHash, out _);
        }
    }

    private void InvalidateUser(string userId)
    {
        Record(UserKey(userId));
        // Rare (locks, removals, membership changes), so a scan is fine.
        foreach (var (tokenHash, entry) in entries)
        {
            if (entry.Caller.UserId == userId)
            {
                entries.TryRemove(tokenHash, out _);
            }
        }
    }

    private void Record(string key)
    {
        lock (gate)
        {
            recent[invalidations % RecentCapacity] = key;
            invalidations++;
        }
    }

    private bool InvalidatedSince(long mark, Caller caller)
    {
        var user = UserKey(caller.UserId);
        var session = caller.SessionId is { } sessionId ? SessionKey(sessionId) : null;
        lock (gate)
        {
            if (invalidations - mark > RecentCapacity)
            {
                return true;
            }

            for (var i = mark; i < invalidations; i++)
            {
                var key = recent[i % RecentCapacity];
                if (key == user || key == session)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static string SessionKey(string sessionId) => "session/" + sessionId;

    private static string UserKey(string userId) => "user/" + userId;

    private sealed record Entry(Caller Caller, long? ExpiresAt);
}
