namespace Alerts.Core.Watchlists;

/// <summary>A product entry found in a text: the entry, what in the text matched, and how.</summary>
public sealed record ProductHit(WatchlistEntry Entry, string Found, string How);
