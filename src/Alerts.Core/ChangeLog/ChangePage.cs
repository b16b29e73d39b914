namespace Alerts.Core.ChangeLog;

/// <summary>One page of changes and where the next one starts (null when there is none).</summary>
public sealed record ChangePage(IReadOnlyList<ChangeRecord> Items, long? NextSequence, int RoundTrips);
