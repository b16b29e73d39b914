namespace Alerts.Core.Storage;

/// <summary>Queue "verify": run one full verification of the change log (<see cref="ChangeLog.VerifyJobs"/>).</summary>
public sealed record VerifyMessage(string JobId) : ITracedMessage
{
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? VisibleAt { get; init; }
}
