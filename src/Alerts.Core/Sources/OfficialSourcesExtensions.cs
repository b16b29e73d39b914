using System.Net;
using Alerts.Core.Sources.Ecfr;
using Alerts.Core.Sources.GitHub;
using Alerts.Core.Sources.Hts;
using Alerts.Core.Sources.ScreeningList;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Sources;

public static class OfficialSourcesExtensions
{
    /// <summary>The official-source kinds (ecfr, screening-list, hts, github).</summary>
    public static IServiceCollection AddOfficialSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new GitHubSourceSettings(configuration["Alerts:GitHub:BaseUrl"], configuration["Alerts:GitHub:Token"]));
        services.AddSingleton<ISourceAdapter, EcfrSource>();
        services.AddSingleton<ISourceAdapter, ScreeningListSource>();
        services.AddSingleton<ISourceAdapter, HtsSource>();
        services.AddSingleton<ISourceAdapter, GitHubSource>();
        services.AddHttpClient(GitHubSource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        return services;
    }
}
