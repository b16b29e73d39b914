namespace Alerts.Core.Delivery;

/// <summary>
/// A watchlist match as its own alert, addressed to the watchlist's owner only: which entry matched what in which change,
/// with the score and the tokens that made it. Its id (<c>wlm_...</c>) is deterministic in the watchlist and the stored match
/// (change and entry), and stands for the change in dispatch and delivery: a team owner's webhooks and GitHub targets deliver it
/// once each, whatever their filters, keyed by that id in the delivery ledger; a subscriber owner gets it by e-mail, once.
/// </summary>
public sealed record MatchAlert
{
    public const string Prefix = "wlm_";

    public required string Id { get; init; }
    /// <summary>The change of the log that matched.</summary>
    public required string ChangeId { get; init; }
    /// <summary>The watchlist's owner when it is a team: the team whose targets receive it ("" when a subscriber owns the watchlist).</summary>
    public required string TeamId { get; init; }
    /// <summary>The watchlist's owner when it is a subscriber: the one whose confirmed address receives it by e-mail.</summary>
    public string? SubscriberId { get; init; }
    public required string WatchlistId { get; init; }
    public required string WatchlistName { get; init; }
    public required string EntryType { get; init; }
    public required string EntryValue { get; init; }
    /// <summary>For a counterparty: the list (EL, MEU, UVL) and the listed name that matched; for a product, what was found.</summary>
    public string? List { get; init; }
    public string? MatchedName { get; init; }
    public double Score { get; init; }
    public IReadOnlyList<string> Tokens { get; init; } = [];
    public required string Method { get; init; }
    public string? Country { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>The id of the alert of the stored match <paramref name="matchKey"/> of watchlist <paramref name="watchlistId"/>.</summary>
    public static string IdOf(string watchlistId, string matchKey) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(watchlistId + "\n" + matchKey)).AsSpan(0, 16));

    public static bool IsId(string id) => id.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Why it matched, in one line: "counterparty 'X' ~ EL 'Y': score 0.93 (tokens: a, b~c)".</summary>
    public string Explanation()
    {
        var what = EntryType == "counterparty" ? $"counterparty '{EntryValue}'" : $"{EntryType} '{EntryValue}'";
        var found = MatchedName is { Length: > 0 } m ? (List is { Length: > 0 } l ? $"{l} entry '{m}'" : $"'{m}'") : "the change";
        return $"Watchlist '{WatchlistName}': {what} matched {found} with score {Score.ToString("0.00", CultureInfo.InvariantCulture)} ({Method}; tokens: {string.Join(", ", Tokens)})"
            + (Country is { Length: > 0 } c ? $"; country {c}" : "") + ".";
    }
}
