using Alerts.Core.Delivery;

namespace Alerts.Core.Storage;

/// <summary>A queue message that carries the W3C trace context of the work that sent it (set by <see cref="QueueSender"/>).</summary>
public interface ITracedMessage
{
    /// <summary>W3C <c>traceparent</c> of the sender's span; null when it was sent outside any span.</summary>
    string? TraceParent { get; }

    /// <summary>W3C <c>tracestate</c>, when the sender's span had one.</summary>
    string? TraceState { get; }

    /// <summary>When the message became visible on its queue (sent, plus any delay): its queue age is measured from here.</summary>
    DateTimeOffset? VisibleAt { get; }
}

/// <summary>Queue "poll": poll one source.</summary>
public sealed record PollMessage(string SourceId) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}

/// <summary>Queue "dispatch": match a recorded change to its targets.</summary>
public sealed record DispatchMessage(string ChangeId) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}

/// <summary>Queue "deliver": send one delivery through its channel.</summary>
public sealed record DeliverMessage(string Channel, string DeliveryId, int Attempt = 1) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}

/// <summary>Queue "verify": run one full verification of the change log (<see cref="ChangeLog.VerifyJobs"/>).</summary>
public sealed record VerifyMessage(string JobId) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}
