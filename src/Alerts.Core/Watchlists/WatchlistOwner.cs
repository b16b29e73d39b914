namespace Alerts.Core.Watchlists;

/// <summary>
/// Who owns a watchlist: a team (its key) or a subscriber (their manage token). Nobody else sees it: every route answers
/// 404 for another owner's watchlist.
/// </summary>
public sealed record WatchlistOwner(string? TeamId, string? SubscriberId)
{
    public static WatchlistOwner Team(string teamId) => new(teamId, null);

    public static WatchlistOwner Subscriber(string subscriberId) => new(null, subscriberId);

    public bool Owns(Watchlist list) =>
        list is not null && (SubscriberId is { Length: > 0 } s ? list.SubscriberId == s : list.SubscriberId is null && TeamId is { Length: > 0 } t && list.TeamId == t);
}
