namespace Alerts.Core.Watchlists;

/// <summary>
/// One entry. A counterparty has a name (<see cref="Value"/>), aliases, a country, an address and the team's own reference;
/// a product has its ECCN (3A090, 3A090.a, 5A992.z), HTS prefix (8542.31, 8486) or free term in <see cref="Value"/>.
/// </summary>
public sealed record WatchlistEntry
{
    /// <summary>"e" and the entry's position (1-based) in the watchlist: stable across an export and re-import of the same rows.</summary>
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string Value { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Country { get; init; }
    public string? Address { get; init; }
    public string? Reference { get; init; }

    public bool IsCounterparty => Type == EntryTypes.Counterparty;
}
