using Alerts.Core.ChangeLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core.Api.ApiKeys;

public static class AccessControlServiceCollectionExtensions
{
    /// <summary>API keys (replacing <see cref="NoKeysAuthenticator"/>), the access log, exports and anchoring.</summary>
    public static IServiceCollection AddAccessControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnchoringOptions>().Bind(configuration.GetSection(AnchoringOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnchorGitHubOptions>().Bind(configuration.GetSection(AnchorGitHubOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<ApiKeyStore>();
        services.RemoveAll<IApiKeyAuthenticator>();
        services.AddSingleton<IApiKeyAuthenticator, ApiKeyAuthenticator>();
        services.AddSingleton<KeysApi>();
        services.AddSingleton<AccessLogStore>();
        services.AddSingleton<AccessLogApi>();

        services.AddHttpClient(AnchorService.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<AnchorService>();
        return services;
    }
}
