namespace Alerts.Core.Watchlists;

internal static class WatchlistViews
{
    /// <summary>The watchlist as the API shows it (without its internal generation).</summary>
    public static object View(this Watchlist l) => new
    {
        id = l.Id,
        name = l.Name,
        description = l.Description,
        counterparties = l.Counterparties,
        products = l.Products,
        createdAt = l.CreatedAt,
        updatedAt = l.UpdatedAt,
    };
}
