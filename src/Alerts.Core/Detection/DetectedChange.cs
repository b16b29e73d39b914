using Alerts.Core.ChangeLog;
using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// A difference between what a source shows now and the stored snapshot. <paramref name="Suppressed"/>: the item
/// flipped back to a version seen within the flip window; nothing is recorded, only the snapshot's recent versions
/// move. <paramref name="Recent"/>: the versions seen within the window, for the snapshot.
/// </summary>
public sealed record DetectedChange(ChangeType ChangeType, SourceItem? Item, Snapshot? Previous, string NewVersion, IReadOnlyList<FieldChange> Diff,
    bool Suppressed = false, IReadOnlyList<SeenVersion>? Recent = null)
{
    public string ItemKey => Item?.ItemKey ?? Previous!.ItemKey;
}
