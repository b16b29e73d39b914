namespace Alerts.Core.Watchlists;

/// <summary>A watchlist header as stored, with its ETag (a replace of the entries moves the header with ETag concurrency).</summary>
internal sealed record StoredWatchlist(Watchlist List, int Chunks, ETag ETag);
