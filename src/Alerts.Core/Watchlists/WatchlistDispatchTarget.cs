using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;

namespace Alerts.Core.Watchlists;

/// <summary>Screens each recorded change against every watchlist (a dispatch target: called once or more per change, storing each match once).</summary>
public sealed class WatchlistDispatchTarget(WatchlistScreening screening) : IDispatchTarget
{
    public string Name => "watchlists";

    public bool TakesReminders => false;

    public Task DispatchAsync(ChangeRecord change, CancellationToken cancellationToken = default) => screening.ScreenChangeAsync(change, cancellationToken);
}
