namespace Gatehouse.OtpEmail;

/// <summary>How many codes an address received within the window, and when the oldest of them went out.</summary>
internal sealed record RecentSends(int Count, DateTimeOffset? Oldest)
{
    public static RecentSends None { get; } = new(0, null);
}
