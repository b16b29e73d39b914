using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Watchlists;

/// <summary>Settings of name matching (section <c>Alerts:Watchlists</c>).</summary>
public sealed class WatchlistOptions
{
    public const string SectionName = "Alerts:Watchlists";

    /// <summary>
    /// The score (0 to 1) at or above which two names are a match. 0.85 by default: on the labelled set in the tests it
    /// keeps precision high while finding dropped legal forms, reordered words, transliterations and acronyms.
    /// </summary>
    [Range(0.5, 1.0)]
    public double MatchThreshold { get; set; } = NameMatcher.DefaultThreshold;

    /// <summary>Added to a score when both sides name the same country.</summary>
    [Range(0.0, 0.5)]
    public double SameCountryBonus { get; set; } = 0.05;

    /// <summary>Taken from a score when both sides name countries and none is shared.</summary>
    [Range(0.0, 1.0)]
    public double OtherCountryPenalty { get; set; } = 0.10;

    /// <summary>Entries (counterparties plus products) a watchlist may hold.</summary>
    [Range(1, 100_000)]
    public int MaxEntriesPerWatchlist { get; set; } = 10_000;

    /// <summary>Watchlists a team may own, and a subscriber (the name is kept for existing configurations).</summary>
    [Range(1, 1000)]
    public int MaxWatchlistsPerTeam { get; set; } = 50;
}
