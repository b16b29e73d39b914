using Alerts.Core.ChangeLog;

namespace Alerts.Core.Polling;

/// <summary>What recording a fetch did: the changes newly appended, the storage writes made, and whether it was the source's baseline.</summary>
public sealed record RecordedChanges(IReadOnlyList<ChangeRecord> Recorded, int Writes, bool Baseline)
{
    public static readonly RecordedChanges None = new([], 0, false);
}
