using System.Security.Cryptography;

namespace Gatehouse.Kernel;

/// <summary>
/// ZITADEL-style ids: decimal strings of a 63-bit number that grows with time (like ZITADEL's sonyflake ids,
/// e.g. <c>69629023906488334</c>), so clients that store them as strings or int64 both work.
/// Layout: 41 bits of milliseconds since 2020-01-01, 22 random bits; a per-process counter breaks ties.
/// </summary>
internal sealed class IdGenerator(TimeProvider time)
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock gate = new();
    private long last;

    public string NewId()
    {
        var millis = (long)(time.GetUtcNow() - Epoch).TotalMilliseconds;
        var candidate = (millis << 22) | (long)(uint)RandomNumberGenerator.GetInt32(1 << 22);
        lock (gate)
        {
            // Monotonic within a process: two ids from the same millisecond still sort in creation order.
            if (candidate <= last)
            {
                candidate = last + 1;
            }

            last = candidate;
        }

        return candidate.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
