namespace Alerts.Core.Storage;

/// <summary>Queue "poll": poll one source.</summary>
public sealed record PollMessage(string SourceId) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}
