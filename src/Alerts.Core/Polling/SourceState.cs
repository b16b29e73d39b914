using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>A source's cursor, validators and health.</summary>
public sealed record SourceState
{
    public required string SourceId { get; init; }
    public string? Cursor { get; init; }
    public Dictionary<string, Validators> Validators { get; init; } = new(StringComparer.Ordinal);
    public bool BaselineRecorded { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }
    /// <summary>True while an operator alert for the current failure streak has been raised.</summary>
    public bool FailureAlerted { get; init; }
    /// <summary>The content hash of a held suspect fetch (an implausible drop); the same hash again on a later poll confirms it.</summary>
    public string? SuspectFingerprint { get; init; }
    /// <summary>An operator confirmed the held suspect fetch: the next poll records what it reads, drop or not.</summary>
    public bool SuspectConfirmed { get; init; }
    public ETag ETag { get; init; }
}
