namespace Gatehouse.Storage;

/// <summary>Times are stored as microseconds since the Unix epoch (UTC), ZITADEL's precision, portable across both databases.</summary>
internal static class UnixMicros
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
