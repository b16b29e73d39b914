namespace Alerts.Core.Watchlists;

/// <summary>
/// A watchlist match: which entry matched what, why, and how well. <see cref="Origin"/> is "screening" (the current lists
/// when the watchlist was created or imported) or "change" (a change recorded later, <see cref="ChangeId"/>).
/// </summary>
public sealed record WatchlistMatch
{
    public required string WatchlistId { get; init; }
    public required string EntryId { get; init; }
    public required string EntryType { get; init; }
    public required string EntryValue { get; init; }
    public required string Origin { get; init; }
    public string? ChangeId { get; init; }
    public required string SourceId { get; init; }
    public required string ItemKey { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    /// <summary>For a counterparty: the list (EL, MEU, UVL) and the listed name that matched.</summary>
    public string? List { get; init; }
    public string? MatchedName { get; init; }
    /// <summary>0 to 1; products match with 1.</summary>
    public double Score { get; init; }
    public IReadOnlyList<string> Tokens { get; init; } = [];
    public required string Method { get; init; }
    public string? Country { get; init; }
    public DateTimeOffset MatchedAt { get; init; }
}
