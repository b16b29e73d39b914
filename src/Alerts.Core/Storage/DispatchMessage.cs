namespace Alerts.Core.Storage;

/// <summary>Queue "dispatch": match a recorded change to its targets.</summary>
public sealed record DispatchMessage(string ChangeId) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}
