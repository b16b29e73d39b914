using Alerts.Core.ChangeLog;
using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>A difference between what a source shows now and the stored snapshot.</summary>
public sealed record DetectedChange(string ChangeType, SourceItem? Item, Snapshot? Previous, string NewVersion, IReadOnlyList<FieldChange> Diff)
{
    public string ItemKey => Item?.ItemKey ?? Previous!.ItemKey;
}

/// <summary>Compares fetched items with their snapshots: added, modified and (for complete snapshots) removed items, with a field-level diff.</summary>
public static class Detector
{
    /// <summary>Longest before or after value kept in a diff; the full content stays in the evidence.</summary>
    public const int MaxDiffValueChars = 200_000;

    public static List<DetectedChange> Detect(IReadOnlyList<SourceItem> items, IReadOnlyDictionary<string, Snapshot> snapshots, bool completeSnapshot)
    {
        var changes = new List<DetectedChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(item.ItemKey))
            {
                continue; // the same key twice in one document: the first wins
            }

            var version = SnapshotStore.VersionOf(item.Fields);
            snapshots.TryGetValue(item.ItemKey, out var previous);
            if (previous is null || previous.Removed)
            {
                changes.Add(new DetectedChange("added", item, previous, version, Diff(null, item.Fields)));
            }
            else if (previous.Stage > item.Stage)
            {
                continue; // a later stage is already recorded (published after public inspection)
            }
            else if (previous.Version != version)
            {
                changes.Add(new DetectedChange("modified", item, previous, version, Diff(previous.Fields, item.Fields)));
            }
        }

        if (completeSnapshot)
        {
            foreach (var s in snapshots.Values)
            {
                if (!s.Removed && !seen.Contains(s.ItemKey))
                {
                    changes.Add(new DetectedChange("removed", null, s, "removed", Diff(s.Fields, null)));
                }
            }
        }

        return changes;
    }

    public static List<FieldChange> Diff(IReadOnlyDictionary<string, string>? before, IReadOnlyDictionary<string, string>? after)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        keys.UnionWith(before?.Keys ?? []);
        keys.UnionWith(after?.Keys ?? []);
        var diff = new List<FieldChange>();
        foreach (var k in keys)
        {
            string? b = null, a = null;
            before?.TryGetValue(k, out b);
            after?.TryGetValue(k, out a);
            if (string.IsNullOrEmpty(b) && string.IsNullOrEmpty(a))
            {
                continue;
            }

            if (b != a)
            {
                diff.Add(new FieldChange(k, Cap(b), Cap(a)));
            }
        }

        return diff;
    }

    private static string? Cap(string? s) => s is null || s.Length <= MaxDiffValueChars ? s : s[..MaxDiffValueChars] + " [truncated]";
}
