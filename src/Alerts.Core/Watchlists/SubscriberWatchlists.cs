using Alerts.Core.Email;

namespace Alerts.Core.Watchlists;

/// <summary>A subscriber who unsubscribes or erases their data loses their watchlists and the watchlists' matches.</summary>
public sealed class SubscriberWatchlists(WatchlistStore store, WatchlistMatchStore matches) : ISubscriberData
{
    public async Task ForgetAsync(string subscriberId, CancellationToken cancellationToken = default)
    {
        foreach (var list in await store.ListForOwnerAsync(WatchlistOwner.Subscriber(subscriberId), cancellationToken))
        {
            await store.DeleteAsync(list.Id, cancellationToken);
            await matches.DeleteAllAsync(list.Id, cancellationToken);
        }
    }
}
