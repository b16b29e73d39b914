using Alerts.Core.ChangeLog;
using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// Compares fetched items with their snapshots: added, modified and (for complete snapshots) removed items, with a
/// field-level diff. Fields are compared in their canonical form (<see cref="Normalize.Fields"/>), so formatting is
/// never a change; a document flipping between versions within <see cref="FlipWindow"/> is recorded once.
/// </summary>
public static class Detector
{
    /// <summary>Longest before or after value kept in a diff; the full content stays in the evidence.</summary>
    public const int MaxDiffValueChars = 200_000;

    /// <summary>A return to a version seen this recently, shortly after a recorded change, is a flip, not a change.</summary>
    public static readonly TimeSpan FlipWindow = TimeSpan.FromHours(1);

    public static List<DetectedChange> Detect(IReadOnlyList<SourceItem> items, IReadOnlyDictionary<string, Snapshot> snapshots, bool completeSnapshot) =>
        Detect(items, snapshots, completeSnapshot, null);

    public static List<DetectedChange> Detect(IReadOnlyList<SourceItem> items, IReadOnlyDictionary<string, Snapshot> snapshots, bool completeSnapshot, DateTimeOffset? now)
    {
        var changes = new List<DetectedChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(item.ItemKey))
            {
                continue; // the same key twice in one document: the first wins
            }

            var fields = Normalize.Fields(item.Fields);
            var version = SnapshotStore.VersionOf(fields);
            snapshots.TryGetValue(item.ItemKey, out var previous);
            if (previous is null || previous.Removed)
            {
                changes.Add(new DetectedChange(ChangeType.Added, item, previous, version, Diff(null, fields), Recent: Seen(null, version, now)));
            }
            else if (previous.Stage > item.Stage)
            {
                continue; // a later stage is already recorded (published after public inspection)
            }
            else if (previous.Version != version)
            {
                var before = Normalize.Fields(previous.Fields);
                if (SnapshotStore.VersionOf(before) == version)
                {
                    continue; // the stored version differs only in formatting (written before normalization)
                }

                var recent = Seen(previous, version, now);
                var flip = now is { } t && previous.RecordedAt is { } recordedAt && t - recordedAt < FlipWindow
                    && (previous.Recent ?? []).Any(r => r.Version == version && r.Version != previous.Version && t - r.SeenAt < FlipWindow);
                changes.Add(new DetectedChange(ChangeType.Modified, item, previous, version, Diff(before, fields), flip, recent));
            }
        }

        if (completeSnapshot)
        {
            foreach (var s in snapshots.Values)
            {
                if (!s.Removed && !seen.Contains(s.ItemKey))
                {
                    changes.Add(new DetectedChange(ChangeType.Removed, null, s, "removed", Diff(s.Fields, null)));
                }
            }
        }

        return changes;
    }

    /// <summary>The versions seen within the flip window after this poll: the previous one (seen until now) and the new one.</summary>
    private static List<SeenVersion>? Seen(Snapshot? previous, string version, DateTimeOffset? now)
    {
        if (now is not { } t)
        {
            return null;
        }

        var list = (previous?.Recent ?? []).Where(r => t - r.SeenAt < FlipWindow && r.Version != version && r.Version != previous?.Version).ToList();
        if (previous is not null && !previous.Removed)
        {
            list.Add(new SeenVersion(previous.Version, t));
        }

        list.Add(new SeenVersion(version, t));
        return list;
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
