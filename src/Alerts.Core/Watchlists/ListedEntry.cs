namespace Alerts.Core.Watchlists;

/// <summary>An entry of a screening list as screened: its source and item, list code, names and countries.</summary>
public sealed record ListedEntry(string SourceId, string ItemKey, string List, string Title, string? Url, PreparedParty Party);
