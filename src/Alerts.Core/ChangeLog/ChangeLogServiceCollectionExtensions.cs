namespace Alerts.Core.ChangeLog;

public static class ChangeLogServiceCollectionExtensions
{
    /// <summary>The change log, its evidence, queries, verification, anchoring (its GitHub file: GitHub/AddGitHub) and its API.</summary>
    public static IServiceCollection AddChangeLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AnchoringOptions>(configuration, AnchoringOptions.SectionName);
        services.AddSingleton<ChangeLogStore>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<ChangeLogVerifier>();
        services.AddSingleton<ChangeQueryService>();
        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<VerifyJobs>();
        services.AddSingleton<ChangesApi>();
        services.AddSingleton<AnchorService>();
        return services;
    }
}
