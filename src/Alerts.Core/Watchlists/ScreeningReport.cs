namespace Alerts.Core.Watchlists;

/// <summary>What a watchlist matches today: how many list entries were screened, from which sources, and the matches.</summary>
public sealed record ScreeningReport(DateTimeOffset ScreenedAt, int ListEntries, IReadOnlyList<string> Sources, IReadOnlyList<WatchlistMatch> Matches, string? Note);
