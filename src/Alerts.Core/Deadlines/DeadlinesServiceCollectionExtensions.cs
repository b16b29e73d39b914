using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core.Deadlines;

public static class DeadlinesServiceCollectionExtensions
{
    /// <summary>Deadlines: options (Alerts:Deadlines), the store and recorder, the reminders job, the API handlers.</summary>
    public static IServiceCollection AddDeadlines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DeadlineOptions>(configuration, DeadlineOptions.SectionName);
        services.AddSingleton<DeadlineStore>();
        services.AddSingleton<DeadlineRecorder>();
        services.AddSingleton<DeadlineReminders>();
        services.AddSingleton<DeadlinesApi>();
        // Without watchlists wired in by the composition root, a team's calendar holds what its filters match.
        services.TryAddSingleton<TeamWatchedItems>(_ => (_, _) => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()));
        return services;
    }
}
