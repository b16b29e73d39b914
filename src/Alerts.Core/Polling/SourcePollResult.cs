using Alerts.Core.ChangeLog;

namespace Alerts.Core.Polling;

/// <summary>The outcome of polling one source.</summary>
public sealed record SourcePollResult(string SourceId, bool Ok, string? Error, IReadOnlyList<ChangeRecord> Recorded, int Requests, int TableWrites, bool Baseline, bool Waiting, int ItemsRead, TimeSpan Duration);
