using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gatehouse.Notifications;

namespace Gatehouse.Observability;

/// <summary>
/// Every metric and trace source Gatehouse emits, defined here and nowhere else, so the list an operator reads in the
/// README is this file. Instruments are created once per process; without a listener (no exporter configured) each
/// call is a cheap no-op. Names follow OpenTelemetry's conventions; the Prometheus exporter turns
/// <c>gatehouse.rpc.requests</c> into <c>gatehouse_rpc_requests_total</c>.
/// </summary>
internal static class GatehouseTelemetry
{
    public const string Name = "Gatehouse";

    // ZITADEL's event type for a lockout; counting it where events are appended covers every path that locks a user
    // (password checks today, OTP checks later) without instrumenting each decision.
    private const string LockedEventType = "user.locked";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> RpcRequests = Meter.CreateCounter<long>(
        "gatehouse.rpc.requests", "{request}", "API calls, per RPC, protocol (grpc, grpc-web, json) and gRPC status.");

    private static readonly Histogram<double> RpcDuration = Meter.CreateHistogram<double>(
        "gatehouse.rpc.duration", "s", "Time spent handling an API call, per RPC and protocol.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>(
        "gatehouse.events.appended", "{event}", "Events committed to the event log, per event type.");

    private static readonly Counter<long> UsersLocked = Meter.CreateCounter<long>(
        "gatehouse.users.locked", "{lockout}", "Users locked by the lockout policy (user.locked events).");

    private static readonly Counter<long> CodesSent = Meter.CreateCounter<long>(
        "gatehouse.codes.sent", "{mail}", "Mails carrying a code handed to the mail server (or the development sink), per template.");

    private static readonly Counter<long> CodesFailed = Meter.CreateCounter<long>(
        "gatehouse.codes.failed", "{mail}", "Mail deliveries that failed: transient (retried), permanent or expired (dropped).");

    private static readonly Counter<long> CodesThrottled = Meter.CreateCounter<long>(
        "gatehouse.codes.throttled", "{request}", "Requests refused with a retry delay (code resend throttling), per RPC.");

    // Observable gauges report what OutboxDepthSampler last read: their callbacks run on the exporter's thread and must
    // not query the database themselves.
    private static readonly ObservableGauge<long> QueueDepth = Meter.CreateObservableGauge(
        "gatehouse.email.queue.depth", () => Interlocked.Read(ref queueDepth), "{mail}", "Mails waiting in the outbox (sampled every few seconds).");

    private static readonly ObservableGauge<double> QueueOldestAge = Meter.CreateObservableGauge(
        "gatehouse.email.queue.oldest_age", () => Volatile.Read(ref queueOldestAgeSeconds), "s",
        "Age of the oldest mail waiting in the outbox; 0 when it is empty.");

    private static long queueDepth;
    private static double queueOldestAgeSeconds;

    public static void RpcCompleted(string service, string method, string protocol, string status, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "rpc.service", service },
            { "rpc.method", method },
            { "protocol", protocol },
            { "status", status },
        };
        RpcRequests.Add(1, tags);
        RpcDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void EventAppended(string eventType)
    {
        EventsAppended.Add(1, new KeyValuePair<string, object?>("event.type", eventType));
        if (eventType == LockedEventType)
        {
            UsersLocked.Add(1);
        }
    }

    public static void CodeSent(string template) => CodesSent.Add(1, new KeyValuePair<string, object?>("template", template));

    /// <param name="reason"><c>transient</c>, <c>permanent</c> or <c>expired</c>.</param>
    public static void CodeFailed(string template, string reason) =>
        CodesFailed.Add(1, new KeyValuePair<string, object?>("template", template), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The span of one delivery attempt (SMTP or the development sink).</summary>
    public static Activity? StartEmailSend(string template, int attempt)
    {
        var activity = Source.StartActivity("email send", ActivityKind.Client);
        activity?.SetTag("gatehouse.mail.template", template);
        activity?.SetTag("gatehouse.mail.attempt", attempt);
        return activity;
    }

    public static void EmailSendFailed(Activity? activity, string template, string reason)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason);
        CodeFailed(template, reason);
    }

    public static void CodeThrottled(string method) => CodesThrottled.Add(1, new KeyValuePair<string, object?>("rpc.method", method));

    public static void EmailQueueSampled(int depth, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref queueDepth, depth);
        Volatile.Write(ref queueOldestAgeSeconds, Math.Max(0, oldestAge.TotalSeconds));
    }
}
