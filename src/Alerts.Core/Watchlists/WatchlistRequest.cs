namespace Alerts.Core.Watchlists;

/// <summary>The body of POST /watchlists and PUT /watchlists/{id} (on PUT, entries are replaced only when counterparties or products are sent).</summary>
public sealed record WatchlistRequest(string? Name, string? Description = null, IReadOnlyList<CounterpartyRequest>? Counterparties = null, IReadOnlyList<ProductRequest>? Products = null);
