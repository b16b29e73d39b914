using Alerts.Core.ChangeLog;

namespace Alerts.Core.Polling;

/// <summary>The outcome of polling one source.</summary>
public sealed record SourcePollResult(
    string SourceId, bool Ok, string? Error, IReadOnlyList<ChangeRecord> Recorded, int Requests, int TableWrites, bool Baseline, bool Waiting, int ItemsRead, TimeSpan Duration)
{
    /// <summary>Another poll of this source (on this or another instance) holds its lease: nothing was fetched or changed.</summary>
    public bool Busy { get; init; }
}
