namespace Alerts.Core.Sources;

/// <summary>An item as the service last recorded it: its fields, or removed.</summary>
public sealed record KnownItem(string ItemKey, IReadOnlyDictionary<string, string> Fields, bool Removed);
