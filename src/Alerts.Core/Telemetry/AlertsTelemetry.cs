using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Alerts.Core.Telemetry;

/// <summary>
/// The service's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Spans: <c>poll</c> (one per source poll), <c>dispatch</c> and <c>deliver</c> (one per queue
/// message, continuing the trace whose context the message carries). Instruments are listed in docs/telemetry.md.
/// </summary>
public static class AlertsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Alerts";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Polls = Meter.CreateCounter<long>("alerts.polls", "{poll}", "Polls of a source, by source and outcome (ok, baseline, waiting, failed).");
    private static readonly Counter<long> ChangesRecorded = Meter.CreateCounter<long>("alerts.changes.recorded", "{change}", "Changes appended to the change log, by source.");
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("alerts.deliveries", "{delivery}", "Delivery attempts, by channel and outcome (delivered, retry, dead).");
    private static readonly Counter<long> DeadDeliveries = Meter.CreateCounter<long>("alerts.deliveries.dead", "{delivery}", "Deliveries given up (dead-lettered), by channel.");
    private static readonly Histogram<long> RetryDepth = Meter.CreateHistogram<long>(
        "alerts.delivery.attempt", "{attempt}", "The attempt number of each delivery attempt, by channel (1 = first try).");
    private static readonly Histogram<double> PollToAlert = Meter.CreateHistogram<double>(
        "alerts.poll_to_alert.duration", "s", "From a change being detected to its alert being delivered, by channel.");
    private static readonly Histogram<double> QueueAge = Meter.CreateHistogram<double>("alerts.queue.age", "s", "How long a message waited on its queue after it became visible, by queue.");
    private static readonly Counter<long> VerifyRuns = Meter.CreateCounter<long>("alerts.verify.runs", "{run}", "Full verifications of the change log, by outcome (intact, broken, error).");
    private static readonly Histogram<double> PollDuration = Meter.CreateHistogram<double>("alerts.poll.duration", "s", "How long one poll of a source took, by source and outcome.");

    /// <summary>Outcomes of <c>alerts.deliveries</c>.</summary>
    public static class Outcomes
    {
        public const string Delivered = "delivered";
        public const string Retry = "retry";
        public const string Dead = "dead";
    }

    /// <summary>
    /// Starts the span of a queue message's handling as a child of the context the message carries (W3C
    /// <c>traceparent</c>), or of the current span when it carries none or an unreadable one.
    /// </summary>
    public static Activity? StartConsumer(string name, string? traceParent, string? traceState = null)
    {
        if (traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent))
        {
            // The host's own span for this invocation (the Functions worker's, say) is linked rather than lost.
            var links = Activity.Current is { } current ? new[] { new ActivityLink(current.Context) } : null;
            return Source.StartActivity(name, ActivityKind.Consumer, parent, links: links);
        }

        return Source.StartActivity(name, ActivityKind.Consumer);
    }

    /// <summary>
    /// <see cref="StartConsumer(string, string?, string?)"/> for a queue message, recording its queue age
    /// (<c>alerts.queue.age</c>: from <paramref name="visibleAt"/>, when the message became visible, to <paramref name="now"/>) under <paramref name="queue"/>.
    /// </summary>
    public static Activity? StartConsumer(string name, string queue, string? traceParent, string? traceState, DateTimeOffset? visibleAt, DateTimeOffset now)
    {
        if (visibleAt is { } visible)
        {
            QueueAge.Record(Math.Max(0, (now - visible).TotalSeconds), new KeyValuePair<string, object?>("alerts.queue", queue));
        }

        return StartConsumer(name, traceParent, traceState);
    }

    /// <summary>Records the end of a full verification: <c>intact</c>, <c>broken</c> (the log failed verification) or <c>error</c> (it could not be checked).</summary>
    public static void VerifyCompleted(string outcome)
    {
        VerifyRuns.Add(1, new KeyValuePair<string, object?>("alerts.outcome", outcome));
        Activity.Current?.SetTag("alerts.outcome", outcome);
    }

    public static void PollCompleted(string sourceId, string outcome, int recorded, TimeSpan duration)
    {
        var tags = new TagList { { "alerts.source", sourceId }, { "alerts.outcome", outcome } };
        Polls.Add(1, tags);
        PollDuration.Record(duration.TotalSeconds, tags);
        if (recorded > 0)
        {
            ChangesRecorded.Add(recorded, new KeyValuePair<string, object?>("alerts.source", sourceId));
        }
    }

    /// <summary>Records one delivery attempt; <paramref name="detectedAt"/> (the change's) gives the poll-to-alert latency of a delivered one.</summary>
    public static void DeliveryAttempted(string channel, string outcome, int attempt, DateTimeOffset? detectedAt, DateTimeOffset now)
    {
        var channelTag = new KeyValuePair<string, object?>("alerts.channel", channel);
        Deliveries.Add(1, channelTag, new KeyValuePair<string, object?>("alerts.outcome", outcome));
        RetryDepth.Record(Math.Max(1, attempt), channelTag);
        if (outcome == Outcomes.Dead)
        {
            DeadDeliveries.Add(1, channelTag);
        }
        else if (outcome == Outcomes.Delivered && detectedAt is { } detected && now >= detected)
        {
            PollToAlert.Record((now - detected).TotalSeconds, channelTag);
        }

        Activity.Current?.SetTag("alerts.outcome", outcome);
        Activity.Current?.SetTag("alerts.attempt", attempt);
    }
}
