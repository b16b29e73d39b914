using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;

namespace Alerts.Core.GitHub;

public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// GitHub, once: <see cref="GitHubOptions"/> (Alerts:GitHub, validated at start), the client factory and its handler
    /// pipelines, the anchors file, and the issue channel with its targets and API.
    /// </summary>
    public static IServiceCollection AddGitHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<GitHubOptions>(configuration, GitHubOptions.SectionName);
        services.AddSingleton<GitHubClientFactory>();

        services.AddHttpClient(GitHubClientFactory.HttpClientName(GitHubUse.Source))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddHttpClient(GitHubClientFactory.HttpClientName(GitHubUse.Issues))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHttpClient(GitHubClientFactory.HttpClientName(GitHubUse.Anchors), c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddStandardResilienceHandler(); // a retried PUT that had landed meets a moved sha (409): PublishAsync reads again and finds the anchor published

        services.AddSingleton<IAnchorFile, GitHubAnchorFile>();

        services.AddSingleton<GitHubTargetStore>();
        services.AddSingleton<GitHubChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<GitHubChannel>());
        services.AddSingleton<IDispatchTarget, GitHubDispatchTarget>();
        services.AddSingleton<GitHubTargetsApi>();
        return services;
    }
}
