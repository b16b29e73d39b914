using Alerts.Core.Sources.FederalRegister;
using Alerts.Core.Sources.Feeds;

namespace Alerts.Core.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>The source catalog and every source kind's adapter.</summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SourceCatalog>();
        services.AddSingleton<ISourceAdapter, FederalRegisterSource>();
        services.AddSingleton<ISourceAdapter, PublicInspectionSource>();
        services.AddFeedAndPageSources();
        services.AddOfficialSources(configuration);
        return services;
    }
}
