using Alerts.Core.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core.Access;

public static class AccessControlServiceCollectionExtensions
{
    /// <summary>API keys (replacing <see cref="NoKeysAuthenticator"/>) and the access log.</summary>
    public static IServiceCollection AddAccessControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ApiKeyOptions>(configuration, ApiKeyOptions.SectionName);
        services.AddSettings<AccessLogOptions>(configuration, AccessLogOptions.SectionName);

        // A feed token travels in the query string: keep request URLs out of the logs whatever the configured levels
        // (ASP.NET Core logs "Request starting ... ?feedToken=..." at Information).
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));

        services.AddSingleton<ApiKeyStore>();
        services.RemoveAll<IApiKeyAuthenticator>();
        services.AddSingleton<IApiKeyAuthenticator, ApiKeyAuthenticator>();
        services.AddSingleton<KeysApi>();
        services.AddSingleton<AccessLogStore>();
        services.AddSingleton<AccessLogApi>();
        services.AddSingleton<IHousekeeping, AccessLogRetention>();
        services.AddSingleton<IApiAccessLog, AccessLogRecorder>();

        return services;
    }
}
