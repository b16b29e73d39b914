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
