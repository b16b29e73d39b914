using Alerts.Core.Sources.Pages;

namespace Alerts.Core.Sources.Feeds;

public static class FeedAndPageRegistration
{
    /// <summary>Registers the <c>feed</c> and <c>page</c> source kinds (and the legacy code pages their documents use).</summary>
    public static IServiceCollection AddFeedAndPageSources(this IServiceCollection services)
    {
        TextDecoding.EnsureCodePages();
        services.AddSingleton<ISourceAdapter, FeedSource>();
        services.AddSingleton<ISourceAdapter, PageSource>();
        return services;
    }
}
