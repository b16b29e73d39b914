using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.ChangeLog;

public static class ChangeLogServiceCollectionExtensions
{
    /// <summary>The change log, its evidence, queries, verification and its API.</summary>
    public static IServiceCollection AddChangeLog(this IServiceCollection services)
    {
        services.AddSingleton<ChangeLogStore>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<ChangeLogVerifier>();
        services.AddSingleton<ChangeQueryService>();
        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<ChangesApi>();
        return services;
    }
}
