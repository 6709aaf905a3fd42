namespace Gatehouse.EventStore;

/// <summary>Event times are stored as microseconds since the Unix epoch (UTC), the precision ZITADEL stores.</summary>
public static class UnixMicroseconds
{
    public static long From(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset ToTime(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    /// <summary>The time as it will read back from the database.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => ToTime(From(time));
}
