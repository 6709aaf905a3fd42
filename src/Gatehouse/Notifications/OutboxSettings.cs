namespace Gatehouse.Notifications;

/// <summary>Section <c>Gatehouse:Outbox</c> (environment <c>Gatehouse__Outbox__LeaseSeconds</c>).</summary>
internal sealed class OutboxSettings
{
    /// <summary>
    /// How long a node may take to deliver one mail before another node may try it. Longer than the slowest delivery
    /// (several SMTP round trips, each up to <c>Smtp__TimeoutSeconds</c>), or two nodes may send the same mail; short
    /// enough that mail of a crashed node is not held up for long.
    /// </summary>
    public int LeaseSeconds { get; set; } = 120;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>The settings of this section, for the check that refuses misspelt ones.</summary>
    public static readonly string[] Keys = [nameof(LeaseSeconds)];

    /// <summary>Checks the settings and returns this instance, so a bad value stops start-up.</summary>
    public OutboxSettings Validated() => LeaseSeconds >= 1
        ? this
        : throw new InvalidOperationException($"Gatehouse:Outbox:LeaseSeconds must be at least 1 (got {LeaseSeconds}).");
}
