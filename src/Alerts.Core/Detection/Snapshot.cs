namespace Alerts.Core.Detection;

/// <summary>
/// The last recorded version of one item. <paramref name="RecordedAt"/> is when that version was recorded and
/// <paramref name="Recent"/> the versions seen within the flip window (with when they were last seen), so a document
/// flipping between two versions is recorded once.
/// </summary>
public sealed record Snapshot(string ItemKey, string Version, int Stage, IReadOnlyDictionary<string, string> Fields, string? LastChangeId, bool Removed, string Title, string? Url,
    DateTimeOffset? RecordedAt = null, IReadOnlyList<SeenVersion>? Recent = null);
