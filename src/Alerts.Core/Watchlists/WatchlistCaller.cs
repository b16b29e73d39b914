namespace Alerts.Core.Watchlists;

/// <summary>Who a watchlist route is for: a team (role team, the key's team) or a subscriber (the manage token in the query).</summary>
public enum WatchlistCaller
{
    Team,
    Subscriber,
}
