using Alerts.Core.Sources.Ecfr;
using Alerts.Core.Sources.GitHub;
using Alerts.Core.Sources.Hts;
using Alerts.Core.Sources.ScreeningList;

namespace Alerts.Core.Sources;

public static class OfficialSourcesExtensions
{
    /// <summary>The official-source kinds (ecfr, screening-list, hts, github).</summary>
    public static IServiceCollection AddOfficialSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISourceAdapter, EcfrSource>();
        services.AddSingleton<ISourceAdapter, ScreeningListSource>();
        services.AddSingleton<ISourceAdapter, HtsSource>();
        services.AddSingleton<ISourceAdapter, GitHubSource>();
        return services;
    }
}
