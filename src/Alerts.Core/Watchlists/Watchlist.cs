namespace Alerts.Core.Watchlists;

/// <summary>A watchlist as the API shows it (its entries are read separately), owned by a team or by a subscriber.</summary>
public sealed record Watchlist
{
    public required string Id { get; init; }
    /// <summary>The owning team; "" when a subscriber owns the watchlist.</summary>
    public required string TeamId { get; init; }
    /// <summary>The owning subscriber; null when a team owns the watchlist.</summary>
    public string? SubscriberId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public int Counterparties { get; init; }
    public int Products { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Generation of the entries: a replace writes the next generation, then moves the watchlist to it.</summary>
    public int Generation { get; init; }
}
