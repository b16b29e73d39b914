using Alerts.Core.Delivery;
using Alerts.Core.Email;

namespace Alerts.Core.Watchlists;

public static class WatchlistsServiceCollectionExtensions
{
    /// <summary>
    /// Watchlists: options (Alerts:Watchlists), stores, screening, the dispatch target that screens every recorded change,
    /// the API handlers, and the clean-up of a subscriber's watchlists when they leave.
    /// </summary>
    public static IServiceCollection AddWatchlists(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WatchlistOptions>(configuration, WatchlistOptions.SectionName);
        services.AddSingleton<WatchlistStore>();
        services.AddSingleton<WatchlistMatchStore>();
        services.AddSingleton<WatchlistScreening>();
        services.AddSingleton<IDispatchTarget, WatchlistDispatchTarget>();
        services.AddSingleton<WatchlistsApi>();
        services.AddSingleton<ISubscriberData, SubscriberWatchlists>();
        return services;
    }
}
