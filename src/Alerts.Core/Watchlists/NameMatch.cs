namespace Alerts.Core.Watchlists;

/// <summary>
/// A match between a watched party and a listed one: the final score (after the country adjustment), which of their
/// names matched, the tokens that made it, and how (tokens, characters, pinyin, acronym).
/// </summary>
public sealed record NameMatch(string WatchedId, string ListedId, double Score, double NameScore, string WatchedName, string ListedName,
    IReadOnlyList<string> Tokens, string Method, string? Country);
